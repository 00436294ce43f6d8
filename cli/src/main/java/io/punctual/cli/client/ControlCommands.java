package io.punctual.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** The commands that steer one timer: {@code pause}, {@code resume}, {@code trigger}. */
public final class ControlCommands {
  private ControlCommands() {}

  /** POSTs {@code /timers/ID/<verb>}. */
  public abstract static class TimerControl extends ClientCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The timer id.")
    String id;

    JsonNode send(ApiClient client, String verb) {
      return client.post(ApiClient.timerPath(id, "/" + verb), null);
    }
  }

  @Command(
      name = "pause",
      mixinStandardHelpOptions = true,
      description = "Stops a timer firing until it is resumed or redefined.")
  public static final class Pause extends TimerControl {
    @Override
    void run(ApiClient client, PrintWriter out) {
      send(client, "pause");
      out.println(id + " pause accepted");
    }
  }

  @Command(
      name = "resume",
      mixinStandardHelpOptions = true,
      description =
          "Resumes a paused timer; its misfire policy decides about the instants missed meanwhile.")
  public static final class Resume extends TimerControl {
    @Override
    void run(ApiClient client, PrintWriter out) {
      send(client, "resume");
      out.println(id + " resume accepted");
    }
  }

  @Command(
      name = "trigger",
      mixinStandardHelpOptions = true,
      description =
          "Fires a timer now, once, without moving its schedule; prints the invocation id.")
  public static final class Trigger extends TimerControl {
    @Override
    void run(ApiClient client, PrintWriter out) {
      out.println(send(client, "trigger").path("invocationId").asText());
    }
  }
}

package io.punctual.cli.client;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code punctual get ID}: a timer's definition and runtime state, as JSON. */
@Command(
    name = "get",
    mixinStandardHelpOptions = true,
    description =
        "Prints a timer's definition and runtime state (next instants, last outcome, firings,"
            + " paused) as JSON, from whichever instance owns it.")
public final class GetCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "ID", description = "The timer id.")
  String id;

  @Override
  void run(ApiClient client, PrintWriter out) {
    Output.json(out, client.get(ApiClient.timerPath(id, "")));
  }
}

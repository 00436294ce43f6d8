package io.punctual.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code punctual create}: creates or replaces a timer from a JSON or YAML file, or from flags. */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Creates or replaces a timer (PUT /timers/ID). The API validates it first: an invalid"
          + " definition is refused with the field at fault, and nothing is written.",
      "Either --file (JSON or YAML, the timer contract; - reads stdin) or flags, e.g.:",
      "  punctual create report --cron '0 9 * * MON-FRI' --tz Europe/Paris"
          + " --url https://example.com/hook"
    })
public final class CreateCommand extends ClientCommand {
  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "ID",
      description = "The timer id; with --file, defaults to the file's id.")
  String id;

  @Option(names = "--file", paramLabel = "FILE", description = "Definition as JSON or YAML.")
  Path file;

  @Mixin TimerFlags flags;

  @Override
  void run(ApiClient client, PrintWriter out) {
    if (file != null && flags.given()) {
      throw new ParameterException(spec.commandLine(), "give either --file or flags, not both");
    }
    if (file == null && !flags.given()) {
      throw new ParameterException(spec.commandLine(), "give --file or a schedule and a target");
    }
    ObjectNode definition = file != null ? read(file) : flags.toJson();
    String timerId = id != null ? id : definition.path("id").asText(null);
    if (timerId == null) {
      throw new ParameterException(spec.commandLine(), "give the timer ID (the file has no id)");
    }
    client.put(ApiClient.timerPath(timerId, ""), definition);
    out.println(timerId + " accepted");
  }

  private ObjectNode read(Path path) {
    try {
      String text =
          path.toString().equals("-")
              ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
              : Files.readString(path);
      // JSON is read strictly as JSON; anything else as YAML (which keeps instants as text)
      ObjectMapper mapper = text.strip().startsWith("{") ? ApiClient.JSON : new YAMLMapper();
      JsonNode node = mapper.readTree(text);
      if (!(node instanceof ObjectNode object)) {
        throw new ParameterException(spec.commandLine(), path + " does not hold an object");
      }
      return object;
    } catch (IOException e) {
      throw new ClientException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }
}

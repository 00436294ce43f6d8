package io.punctual.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code punctual upcoming}: the firings due before an instant, across all instances. */
@Command(
    name = "upcoming",
    mixinStandardHelpOptions = true,
    description = "Prints the firings due before an instant, across all instances, in due order.")
public final class UpcomingCommand extends ClientCommand {
  @Option(
      names = "--until",
      paramLabel = "INSTANT|DURATION",
      description = "An ISO-8601 instant, or a duration from now such as PT10M (default PT1H).")
  String until;

  @Option(names = "--limit", paramLabel = "N", description = "At most N firings.")
  Integer limit;

  @Option(names = "--json", description = "Print the API's JSON.")
  boolean json;

  @Override
  void run(ApiClient client, PrintWriter out) {
    StringBuilder path = new StringBuilder("/upcoming?until=").append(horizon());
    if (limit != null) {
      path.append("&limit=").append(limit);
    }
    JsonNode upcoming = client.get(path.toString());
    if (json) {
      Output.json(out, upcoming);
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    upcoming
        .path("firings")
        .forEach(
            firing ->
                rows.add(
                    List.of(
                        Output.text(firing, "dueAt"),
                        Output.text(firing, "timerId"),
                        Output.text(firing, "invocationId"),
                        Output.text(firing, "attempt"))));
    Output.table(out, List.of("DUE", "TIMER", "INVOCATION", "ATTEMPT"), rows);
  }

  private Instant horizon() {
    if (until == null) {
      return Instant.now().plus(Duration.ofHours(1));
    }
    try {
      return until.startsWith("P") || until.startsWith("p")
          ? Instant.now().plus(Duration.parse(until))
          : Instant.parse(until);
    } catch (DateTimeParseException e) {
      throw new ParameterException(
          spec.commandLine(), "--until: not an ISO-8601 instant or duration: " + until);
    }
  }
}

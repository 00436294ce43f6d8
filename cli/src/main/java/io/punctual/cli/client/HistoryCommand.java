package io.punctual.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code punctual history ID}: the timer's recent status events, newest first. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description =
        "Prints a timer's recent status events (firings, outcomes, commands), newest first.")
public final class HistoryCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "ID", description = "The timer id.")
  String id;

  @Option(names = "--limit", paramLabel = "N", description = "At most N events.")
  Integer limit;

  @Option(names = "--json", description = "Print the API's JSON.")
  boolean json;

  @Override
  void run(ApiClient client, PrintWriter out) {
    String query = limit == null ? "" : "?limit=" + limit;
    JsonNode history = client.get(ApiClient.timerPath(id, "/invocations" + query));
    if (json) {
      Output.json(out, history);
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    history.path("invocations").forEach(event -> rows.add(row(event)));
    Output.table(out, List.of("AT", "TYPE", "INVOCATION", "ATTEMPT", "DETAIL"), rows);
  }

  private static List<String> row(JsonNode event) {
    List<String> detail = new ArrayList<>();
    if (event.hasNonNull("httpStatus")) {
      detail.add("http " + event.get("httpStatus").asText());
    }
    if (event.hasNonNull("latenessMillis")) {
      detail.add("lateness " + event.get("latenessMillis").asText() + " ms");
    }
    if (event.hasNonNull("error")) {
      detail.add(event.get("error").asText());
    }
    return List.of(
        Output.text(event, "at"),
        Output.text(event, "type"),
        Output.text(event, "invocationId"),
        Output.text(event, "attempt"),
        detail.isEmpty() ? "-" : String.join(", ", detail));
  }
}

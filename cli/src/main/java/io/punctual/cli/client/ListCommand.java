package io.punctual.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code punctual list}: the timers, in id order, a page at a time or all. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "Lists timers in id order, from every instance: a table, or JSON with --json.")
public final class ListCommand extends ClientCommand {
  @Option(names = "--namespace", paramLabel = "NS", description = "Only this namespace.")
  String namespace;

  @Option(
      names = "--label",
      paramLabel = "KEY:VALUE",
      description = "Only timers with this label; repeatable, all must match.")
  List<String> labels = new ArrayList<>();

  @Option(names = "--prefix", paramLabel = "TEXT", description = "Only ids starting with this.")
  String prefix;

  @Option(names = "--limit", paramLabel = "N", description = "Timers per page.")
  Integer limit;

  @Option(
      names = "--after",
      paramLabel = "ID",
      description = "Start after this id (a page cursor).")
  String after;

  @Option(names = "--all", description = "Follow the pages to the end.")
  boolean all;

  @Option(names = "--json", description = "Print the API's JSON pages.")
  boolean json;

  @Override
  void run(ApiClient client, PrintWriter out) {
    List<List<String>> rows = new ArrayList<>();
    String cursor = after;
    do {
      JsonNode page = client.get(path(cursor));
      if (json) {
        Output.json(out, page);
      }
      page.path("timers").forEach(timer -> rows.add(row(timer)));
      cursor = page.path("next").isTextual() ? page.get("next").asText() : null;
    } while (all && cursor != null);
    if (!json) {
      Output.table(out, List.of("ID", "NAMESPACE", "NEXT", "FIRINGS", "PAUSED"), rows);
      if (cursor != null) {
        spec.commandLine().getErr().println("more: --after " + cursor + " (or --all)");
      }
    }
  }

  private String path(String cursor) {
    StringBuilder path = new StringBuilder("/timers?");
    if (namespace != null) {
      path.append("namespace=").append(ApiClient.query(namespace)).append('&');
    }
    labels.forEach(label -> path.append("label=").append(ApiClient.query(label)).append('&'));
    if (prefix != null) {
      path.append("prefix=").append(ApiClient.query(prefix)).append('&');
    }
    if (limit != null) {
      path.append("limit=").append(limit).append('&');
    }
    if (cursor != null) {
      path.append("after=").append(ApiClient.query(cursor)).append('&');
    }
    return path.substring(0, path.length() - 1);
  }

  private static List<String> row(JsonNode timer) {
    JsonNode next = timer.path("nextInstants");
    return List.of(
        Output.text(timer, "id"),
        Output.text(timer, "namespace"),
        next.isEmpty() ? "-" : next.get(0).asText(),
        Output.text(timer, "firings"),
        Output.text(timer, "paused"));
  }
}

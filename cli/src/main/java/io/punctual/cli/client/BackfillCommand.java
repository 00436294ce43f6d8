package io.punctual.cli.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code punctual backfill ID --from --to}: fires each instant of a past range. */
@Command(
    name = "backfill",
    mixinStandardHelpOptions = true,
    description =
        "Fires every instant of the timer's schedule in a past range (both ends inclusive), each"
            + " once; refused past the backfill bound.")
public final class BackfillCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "ID", description = "The timer id.")
  String id;

  @Option(names = "--from", required = true, paramLabel = "INSTANT", description = "Range start.")
  String from;

  @Option(names = "--to", required = true, paramLabel = "INSTANT", description = "Range end.")
  String to;

  @Override
  void run(ApiClient client, PrintWriter out) {
    ObjectNode range = ApiClient.JSON.createObjectNode().put("from", from).put("to", to);
    int count = client.post(ApiClient.timerPath(id, "/backfill"), range).path("count").asInt();
    out.println(id + " backfill of " + count + " instants accepted");
  }
}

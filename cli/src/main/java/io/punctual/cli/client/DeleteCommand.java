package io.punctual.cli.client;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code punctual delete ID}: writes the timer's tombstone. */
@Command(
    name = "delete",
    mixinStandardHelpOptions = true,
    description = "Deletes a timer: its tombstone cancels everything not yet fired.")
public final class DeleteCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "ID", description = "The timer id.")
  String id;

  @Override
  void run(ApiClient client, PrintWriter out) {
    client.delete(ApiClient.timerPath(id, ""));
    out.println(id + " deleted");
  }
}

package io.punctual.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code connect} as this launcher lists it: Kafka Connect runs on a classpath of its own (the
 * connectors module, with Debezium's plugins), which bin/punctual starts instead of this class.
 */
@Command(
    name = "connect",
    description = {
      "Runs a Kafka Connect worker with Punctual's connectors: timers from a database outbox,"
          + " status events and dead letters into SQL tables. bin/punctual connect --help tells"
          + " its options; bin/punctual connect status shows its connectors."
    })
public final class ConnectLauncher implements Callable<Integer> {
  @Unmatched List<String> args = new ArrayList<>();

  @Override
  public Integer call() {
    System.err.println(
        "punctual connect runs on its own classpath: start it through bin/punctual connect"
            + " (in the container image, with the entrypoint docker-compose.yml's connect"
            + " service uses)");
    return 2;
  }
}

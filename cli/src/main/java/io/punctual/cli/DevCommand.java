package io.punctual.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code punctual dev}: a real Kafka broker, a schema registry, the scheduler, an executor and a
 * demo HTTP target in this process, with demo timers; it prints each firing, each call the target
 * receives and each outcome. Ctrl-C stops everything.
 */
@Command(
    name = "dev",
    mixinStandardHelpOptions = true,
    description = {
      "Runs Punctual end to end in one process: a real KRaft Kafka broker, a Confluent-API schema"
          + " registry, the scheduler, an executor and a demo HTTP target, with demo timers. It"
          + " prints each firing, each call the target receives and each outcome.",
      "Ctrl-C stops everything."
    })
public final class DevCommand implements Callable<Integer> {
  @Option(names = "--no-demo", description = "Do not create the demo timers.")
  boolean noDemo;

  @Option(
      names = "--http-port",
      paramLabel = "N",
      defaultValue = "8080",
      description = "Port of the REST API (default ${DEFAULT-VALUE}; 0 for a free port).")
  int httpPort;

  @Option(
      names = "--with-connect",
      description =
          "Also run PostgreSQL and Kafka Connect with Punctual's connectors: timers from the"
              + " punctual_outbox table, every status event into punctual_status.")
  boolean withConnect;

  @Option(
      names = "--connect-port",
      paramLabel = "N",
      defaultValue = "8083",
      description =
          "Port of Kafka Connect's REST API with --with-connect (default ${DEFAULT-VALUE}).")
  int connectPort;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "A scheduler setting; repeatable.")
  List<String> sets = List.of();

  @Override
  public Integer call() throws Exception {
    if (!DevMode.devkitPresent()) {
      System.err.println(
          "punctual dev: the devkit (embedded broker, registry, demo target) is not on the"
              + " classpath; run dev mode through bin/punctual dev");
      return 1;
    }
    return new DevMode(noDemo, httpPort, sets, withConnect ? connectPort : -1).run();
  }
}

package io.punctual.cli;

import io.punctual.executor.ExecutorApplication;
import io.punctual.executor.ExecutorConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code executor}: {@link ExecutorApplication#run} with the settings of its options: runs an
 * executor until SIGTERM or Ctrl-C, prints {@value ExecutorApplication#READY_LINE} once it
 * consumes, and exits with status {@value ExecutorApplication#EXIT_FAILED} if it stops consuming on
 * its own.
 */
@Command(
    name = "executor",
    mixinStandardHelpOptions = true,
    description =
        "Consumes invocations from <prefix>.triggers, performs them over HTTP or Kafka at their"
            + " instant, and publishes every outcome on <prefix>.status.")
public final class ExecutorCommand implements Callable<Integer> {
  @Option(
      names = "--bootstrap-servers",
      required = true,
      paramLabel = "HOST:PORT",
      description = "Kafka bootstrap servers.")
  String bootstrapServers;

  @Option(
      names = "--allow-targets",
      split = ",",
      paramLabel = "LIST",
      description =
          "Hosts and CIDR blocks (comma-separated, e.g. 127.0.0.0/8) HTTP targets may reach even"
              + " when loopback or private.")
  List<String> allowTargets = new ArrayList<>();

  @Option(names = "--allow-loopback", description = "Allow loopback HTTP targets.")
  boolean allowLoopback;

  @Option(
      names = "--http-port",
      paramLabel = "N",
      description = "Port of the health and /prometheus endpoints (default 8090; -1 for random).")
  Integer httpPort;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description =
          "Any setting, e.g. punctual.executor.max-in-flight=64 or kafka.security.protocol=SSL."
              + " Repeatable.")
  Map<String, String> settings = new LinkedHashMap<>();

  @Override
  public Integer call() throws InterruptedException {
    return ExecutorApplication.run(properties());
  }

  /** The executor's settings given by the options. */
  Map<String, Object> properties() {
    Map<String, Object> properties = new LinkedHashMap<>(settings);
    properties.put("kafka.bootstrap.servers", bootstrapServers);
    if (!allowTargets.isEmpty()) {
      properties.put(ExecutorConfig.PREFIX + ".allow-targets", String.join(",", allowTargets));
    }
    if (allowLoopback) {
      properties.put(ExecutorConfig.PREFIX + ".allow-loopback", true);
    }
    if (httpPort != null) {
      properties.put("micronaut.server.port", httpPort);
    }
    return properties;
  }
}

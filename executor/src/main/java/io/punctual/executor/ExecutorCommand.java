package io.punctual.executor;

import io.punctual.Shutdown;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code executor}: runs an executor until SIGTERM or Ctrl-C, then shuts it down gracefully. Prints
 * {@value #READY_LINE} followed by the instance id and HTTP port once it consumes. Exits with
 * status {@value #EXIT_FAILED} if the executor stops consuming on its own (its poll thread died).
 */
@Command(
    name = "executor",
    mixinStandardHelpOptions = true,
    description =
        "Consumes invocations from <prefix>.triggers, performs them over HTTP or Kafka at their"
            + " instant, and publishes every outcome on <prefix>.status.")
public final class ExecutorCommand implements Callable<Integer> {
  /** The start of the line printed once the executor runs. */
  public static final String READY_LINE = "Punctual executor ready";

  /** The exit status when the executor stops consuming triggers on its own. */
  public static final int EXIT_FAILED = 2;

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

  @Option(
      names = "--allow-topics",
      split = ",",
      paramLabel = "LIST",
      description =
          "Regular expressions (comma-separated, each matching a whole topic name) of the topics"
              + " Kafka targets may write to. Default: every topic that is not reserved; reserved"
              + " topics are always refused.")
  List<String> allowTopics = new ArrayList<>();

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
    Map<String, Object> properties = properties();
    PunctualExecutor executor = PunctualExecutor.start(properties);
    CountDownLatch stopped = Shutdown.onSignal("punctual-executor-shutdown", executor::close);
    System.out.println(
        READY_LINE + ": instance " + executor.instanceId() + ", HTTP port " + executor.httpPort());
    System.out.flush();
    Throwable failure = executor.awaitStopOrFailure(stopped);
    if (failure != null) {
      System.err.println("executor: stopped consuming triggers: " + failure);
      return EXIT_FAILED;
    }
    return 0;
  }

  /** The executor's settings given by the options. */
  Map<String, Object> properties() {
    Map<String, Object> properties = new LinkedHashMap<>(settings);
    properties.put("kafka.bootstrap.servers", bootstrapServers);
    if (!allowTargets.isEmpty()) {
      properties.put(ExecutorConfig.PREFIX + ".allow-targets", String.join(",", allowTargets));
    }
    if (!allowTopics.isEmpty()) {
      properties.put(ExecutorConfig.PREFIX + ".allow-topics", String.join(",", allowTopics));
    }
    if (allowLoopback) {
      properties.put(ExecutorConfig.PREFIX + ".allow-loopback", true);
    }
    if (httpPort != null) {
      properties.put("micronaut.server.port", httpPort);
    }
    return properties;
  }

  /** Runs the command; exits with its status. */
  public static void main(String[] args) {
    CommandLine commandLine = new CommandLine(new ExecutorCommand());
    commandLine.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("executor: " + e.getMessage());
          return 1;
        });
    int status = commandLine.execute(args);
    if (status != 0) {
      System.exit(status);
    }
  }
}

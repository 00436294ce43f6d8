package io.punctual.reliability;

import io.punctual.devkit.KraftNode;
import io.punctual.testkit.JavaProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A single-node KRaft broker (broker and controller combined) as a process of its own, the way
 * {@code kafka-server-start.sh} runs it: {@code kafka.Kafka} with a properties file. Its ports and
 * data directory outlive the process, so it can be stopped or killed and started again, and clients
 * reconnect to the same address.
 */
final class BrokerProcess implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private final Path dir;
  private final Path config;
  private final int port;
  private JavaProcess process;
  private int starts;

  private BrokerProcess(Path dir, Path config, int port) {
    this.dir = dir;
    this.config = config;
    this.port = port;
  }

  /** Writes the configuration (two free loopback ports) and formats the data directory. */
  static BrokerProcess format(Path dir) throws InterruptedException {
    KraftNode node = KraftNode.onFreePorts(dir.resolve("broker-data"), 6);
    Path config = node.writeProperties(dir.resolve("broker.properties"));
    JavaProcess format =
        JavaProcess.start(
            "broker-format",
            dir,
            "256m",
            "kafka.tools.StorageTool",
            KraftNode.formatArguments(config));
    if (format.awaitExit(Duration.ofSeconds(120)) != 0) {
      throw new IllegalStateException("formatting the broker failed; see " + format.log());
    }
    return new BrokerProcess(dir, config, node.port());
  }

  /** The broker of an earlier run, on the configuration and data it left in {@code dir}. */
  static BrokerProcess existing(Path dir) {
    try {
      Path config = dir.resolve("broker.properties");
      java.util.Properties properties = new java.util.Properties();
      try (var in = Files.newBufferedReader(config)) {
        properties.load(in);
      }
      String listeners = properties.getProperty("listeners");
      String plaintext = listeners.replaceAll(".*PLAINTEXT://localhost:(\\d+).*", "$1");
      return new BrokerProcess(dir, config, Integer.parseInt(plaintext));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts the broker and waits until it serves clients. */
  void start() throws InterruptedException {
    starts++;
    process =
        JavaProcess.start("broker-" + starts, dir, "1g", "kafka.Kafka", List.of(config.toString()));
    awaitServing();
  }

  /** Waits until the broker answers a client (its own log is quiet at the default level). */
  private void awaitServing() throws InterruptedException {
    try {
      KraftNode.awaitServing(bootstrapServers(), START_TIMEOUT, process::isAlive);
    } catch (IllegalStateException e) {
      throw new IllegalStateException(e.getMessage() + "; see " + process.log(), e);
    }
    if (!process.isAlive()) {
      throw new IllegalStateException("the broker exited; see " + process.log());
    }
  }

  /** SIGTERM: a controlled shutdown, waiting for it to end. */
  void stop() {
    process.close();
  }

  /** SIGKILL: no controlled shutdown, nothing flushed. */
  void kill() throws InterruptedException {
    process.kill();
  }

  /** The {@code bootstrap.servers} of clients, the same across restarts. */
  String bootstrapServers() {
    return "localhost:" + port;
  }

  /** The running process (for CPU and memory samples). */
  JavaProcess process() {
    return process;
  }

  @Override
  public void close() {
    if (process != null) {
      process.close();
    }
  }
}

package io.punctual.reliability;

import io.punctual.testkit.JavaProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

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
    try {
      int port = freePort();
      int controller = freePort();
      Path config = dir.resolve("broker.properties");
      Files.writeString(config, properties(port, controller, dir.resolve("broker-data")));
      JavaProcess format =
          JavaProcess.start(
              "broker-format",
              dir,
              "256m",
              "kafka.tools.StorageTool",
              List.of(
                  "format",
                  "--standalone",
                  "--cluster-id",
                  Uuid.randomUuid().toString(),
                  "--config",
                  config.toString()));
      if (format.awaitExit(Duration.ofSeconds(120)) != 0) {
        throw new IllegalStateException("formatting the broker failed; see " + format.log());
      }
      return new BrokerProcess(dir, config, port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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

  private static String properties(int port, int controller, Path data) {
    return String.join(
        "\n",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.bootstrap.servers=localhost:" + controller,
        "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controller,
        "advertised.listeners=PLAINTEXT://localhost:"
            + port
            + ",CONTROLLER://localhost:"
            + controller,
        "inter.broker.listener.name=PLAINTEXT",
        "controller.listener.names=CONTROLLER",
        "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        "log.dirs=" + data,
        "num.partitions=1",
        "auto.create.topics.enable=false",
        "offsets.topic.replication.factor=1",
        "offsets.topic.num.partitions=6",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "transaction.state.log.num.partitions=6",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        "");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
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
    long end = System.nanoTime() + START_TIMEOUT.toNanos();
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000))) {
      while (System.nanoTime() < end) {
        if (!process.isAlive()) {
          throw new IllegalStateException("the broker exited; see " + process.log());
        }
        try {
          if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          Thread.sleep(200);
        }
      }
    }
    throw new IllegalStateException(
        "the broker did not serve within " + START_TIMEOUT + "; see " + process.log());
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

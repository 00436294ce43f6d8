package io.punctual.devkit;

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
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * The configuration of a single-node KRaft broker (broker and controller combined) on two loopback
 * ports, with every internal topic at replication factor 1: written as the properties file that
 * {@code kafka-storage format} and {@code kafka-server-start} read, whether the broker then runs in
 * this JVM ({@link EmbeddedKafka}) or as a process of its own.
 *
 * @param port the client (PLAINTEXT) port
 * @param controllerPort the KRaft controller port
 * @param dataDir the broker's log directory
 * @param coordinatorPartitions partitions of the offsets and transaction-state topics
 */
public record KraftNode(int port, int controllerPort, Path dataDir, int coordinatorPartitions) {

  /** A node on two ports free at the time of the call. */
  public static KraftNode onFreePorts(Path dataDir, int coordinatorPartitions) {
    return new KraftNode(freePort(), freePort(), dataDir, coordinatorPartitions);
  }

  /** The {@code bootstrap.servers} value for clients. */
  public String bootstrapServers() {
    return "localhost:" + port;
  }

  /** The server properties, one {@code key=value} per line. */
  public String properties() {
    String listeners =
        "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort;
    return String.join(
        "\n",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.bootstrap.servers=localhost:" + controllerPort,
        "listeners=" + listeners,
        "advertised.listeners=" + listeners,
        "inter.broker.listener.name=PLAINTEXT",
        "controller.listener.names=CONTROLLER",
        "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        "log.dirs=" + dataDir,
        "num.partitions=1",
        "auto.create.topics.enable=false",
        "offsets.topic.replication.factor=1",
        "offsets.topic.num.partitions=" + coordinatorPartitions,
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "transaction.state.log.num.partitions=" + coordinatorPartitions,
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        "");
  }

  /** Writes {@link #properties()} to {@code file}. */
  public Path writeProperties(Path file) {
    try {
      Files.writeString(file, properties());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The arguments of {@code kafka-storage} that format a new single-voter cluster at the newest
   * production metadata version, reading the configuration from {@code configFile}.
   */
  public static List<String> formatArguments(Path configFile) {
    return List.of(
        "format",
        "--standalone",
        "--cluster-id",
        Uuid.randomUuid().toString(),
        "--config",
        configFile.toString());
  }

  /**
   * Waits until the broker at {@code bootstrapServers} answers a client, giving up when {@code
   * alive} turns false or {@code timeout} passes.
   */
  public static void awaitServing(String bootstrapServers, Duration timeout, BooleanSupplier alive)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000))) {
      while (System.nanoTime() < end && alive.getAsBoolean()) {
        try {
          if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          Thread.sleep(100);
        }
      }
    }
    throw new IllegalStateException(
        "the broker at " + bootstrapServers + " did not serve within " + timeout);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package io.punctual.devkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node KRaft Kafka broker (combined broker and controller) running in this JVM, with
 * every internal topic at replication factor 1: the same server that {@code kafka-server-start}
 * runs, formatted the way {@code kafka-storage format --standalone} formats it. For dev mode and
 * tests.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final int ATTEMPTS = 3;

  private final KafkaRaftServer server;
  private final KraftNode node;
  private final Path dir;

  private EmbeddedKafka(KafkaRaftServer server, KraftNode node, Path dir) {
    this.server = server;
    this.node = node;
    this.dir = dir;
  }

  /**
   * Formats and starts a broker; returns once it accepts clients. Its data lives in a directory of
   * its own, deleted by {@link #close()} (not by a shutdown hook, which could delete it under a
   * broker that is still stopping). Two free ports are picked; should another process take one
   * before the broker binds it, the start is tried again on new ports.
   */
  public static EmbeddedKafka start() {
    RuntimeException failure = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Path dir = createDirectory();
      try {
        return startIn(dir);
      } catch (RuntimeException e) {
        delete(dir);
        failure = e;
      } catch (InterruptedException e) {
        delete(dir);
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting the embedded Kafka broker", e);
      }
    }
    throw new IllegalStateException("could not start the embedded Kafka broker", failure);
  }

  private static EmbeddedKafka startIn(Path dir) throws InterruptedException {
    KraftNode node = KraftNode.onFreePorts(dir.resolve("data"), 1);
    Path config = node.writeProperties(dir.resolve("server.properties"));
    format(config);
    Properties properties = new Properties();
    try (var in = Files.newBufferedReader(config)) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(properties, false), Time.SYSTEM);
    try {
      server.startup();
      KraftNode.awaitServing(node.bootstrapServers(), START_TIMEOUT, () -> true);
      return new EmbeddedKafka(server, node, dir);
    } catch (RuntimeException | InterruptedException e) {
      stop(server);
      throw e;
    }
  }

  private static void format(Path config) {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int exit;
    try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      exit = StorageTool.execute(KraftNode.formatArguments(config).toArray(String[]::new), out);
    }
    if (exit != 0) {
      throw new IllegalStateException(
          "formatting the broker's storage failed: " + output.toString(StandardCharsets.UTF_8));
    }
  }

  /** The {@code bootstrap.servers} value for clients. */
  public String bootstrapServers() {
    return node.bootstrapServers();
  }

  @Override
  public void close() {
    stop(server);
    delete(dir);
  }

  private static void stop(KafkaRaftServer server) {
    server.shutdown();
    server.awaitShutdown();
  }

  private static Path createDirectory() {
    try {
      return Files.createTempDirectory("punctual-kafka");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

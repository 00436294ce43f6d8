package io.punctual.devkit;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node KRaft Kafka broker (combined broker and controller) running in this JVM, with
 * every internal topic at replication factor 1. For dev mode and tests.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private final KafkaClusterTestKit cluster;

  private EmbeddedKafka(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  /**
   * Formats and starts a broker; returns once it accepts clients. Its data lives in a directory of
   * its own, deleted by {@link #close()} (not by a shutdown hook, which could delete it under a
   * broker that is still stopping).
   */
  public static EmbeddedKafka start() {
    try {
      KafkaClusterTestKit cluster =
          new KafkaClusterTestKit.Builder(
                  new TestKitNodes.Builder(productionBootstrap())
                      .setBaseDirectory(Files.createTempDirectory("punctual-kafka"))
                      .setCombined(true)
                      .setNumBrokerNodes(1)
                      .setNumControllerNodes(1)
                      .build())
              .setConfigProp("offsets.topic.replication.factor", "1")
              .setConfigProp("offsets.topic.num.partitions", "1")
              .setConfigProp("transaction.state.log.replication.factor", "1")
              .setConfigProp("transaction.state.log.min.isr", "1")
              .setConfigProp("transaction.state.log.num.partitions", "1")
              .setConfigProp("group.initial.rebalance.delay.ms", "0")
              .setConfigProp("share.coordinator.state.topic.replication.factor", "1")
              .setConfigProp("share.coordinator.state.topic.min.isr", "1")
              .setConfigProp("unstable.api.versions.enable", "false")
              .setConfigProp("unstable.feature.versions.enable", "false")
              .setDeleteOnClose(true)
              .build();
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      return new EmbeddedKafka(cluster);
    } catch (Exception e) {
      throw new IllegalStateException("could not start the embedded Kafka broker", e);
    }
  }

  /**
   * The metadata version and feature levels that {@code kafka-storage format} writes for a real
   * broker of this Kafka version (the test kit would otherwise pick unstable testing versions).
   */
  private static BootstrapMetadata productionBootstrap() {
    Map<String, Short> features = new HashMap<>();
    for (Feature feature : Feature.PRODUCTION_FEATURES) {
      if (feature != Feature.KRAFT_VERSION) {
        features.put(feature.featureName(), feature.latestProduction());
      }
    }
    return BootstrapMetadata.fromVersions(
        MetadataVersion.latestProduction(), features, "punctual-devkit");
  }

  /** The {@code bootstrap.servers} value for clients. */
  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  @Override
  public void close() {
    try {
      cluster.close();
    } catch (Exception e) {
      throw new IllegalStateException("could not stop the embedded Kafka broker", e);
    }
  }
}

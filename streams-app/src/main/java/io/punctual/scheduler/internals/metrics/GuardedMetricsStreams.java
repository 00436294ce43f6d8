package io.punctual.scheduler.internals.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;

/**
 * Kafka Streams whose {@link #metrics()} leave out the store gauge {@code uncommitted-bytes}, the
 * size of a transactional store's RocksDB write batch, which is not safe to read from another
 * thread.
 *
 * <p>Kafka Streams 4.4 reads it through the store from whichever thread asks, without the store's
 * lock, while the stream thread that owns the store may close it; and a metered store closes the
 * store before it removes the store's metrics. A read after the close reaches the freed write batch
 * and can crash the JVM (a SIGSEGV in {@code WriteBatch.getDataSize}). The threads that ask are
 * those that publish the metrics: Micrometer's binder reads every metric from its own thread once a
 * minute, just when a rebalance has changed them, and a Prometheus scrape reads the metrics of the
 * binder's last snapshot, stores closed since included.
 *
 * <p>The gauge stays registered with Kafka's own reporter (JMX): a JMX reader still races with a
 * store's close, for the moment between the close and the removal of the store's metrics.
 */
public final class GuardedMetricsStreams extends KafkaStreams {
  /** The group of the store-level metrics. */
  public static final String STATE_METRICS = "stream-state-metrics";

  /** The store-level gauge left out. */
  public static final String UNCOMMITTED_BYTES = "uncommitted-bytes";

  public GuardedMetricsStreams(Topology topology, Properties properties) {
    super(topology, properties);
  }

  @Override
  public Map<MetricName, ? extends Metric> metrics() {
    Map<MetricName, Metric> kept = new LinkedHashMap<>();
    super.metrics()
        .forEach(
            (name, metric) -> {
              if (!unguarded(name)) {
                kept.put(name, metric);
              }
            });
    return Collections.unmodifiableMap(kept);
  }

  /** Whether the metric is the store gauge {@link #metrics()} leaves out. */
  public static boolean unguarded(MetricName name) {
    return STATE_METRICS.equals(name.group()) && UNCOMMITTED_BYTES.equals(name.name());
  }
}

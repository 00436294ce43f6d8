package io.punctual.api.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import jakarta.inject.Singleton;

/**
 * Publishes the scheduler's metrics on {@code /prometheus}: every Kafka Streams metric (including
 * the scheduler's own sensors) through Micrometer's binder; {@code punctual.streams.state}, the
 * ordinal of the current {@link org.apache.kafka.streams.KafkaStreams.State} (2 = RUNNING); and the
 * estimated sizes of this instance's stores, {@code punctual.timers.local} (pending timers) and
 * {@code punctual.due.backlog} (firings waiting in the due index).
 */
@Singleton
public class StreamsMetricsBinder implements MeterBinder, AutoCloseable {
  private final SchedulerBinding binding;
  private final KafkaStreamsMetrics streamsMetrics;

  public StreamsMetricsBinder(SchedulerBinding binding) {
    this.binding = binding;
    this.streamsMetrics = new KafkaStreamsMetrics(binding.streams());
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    streamsMetrics.bindTo(registry);
    Gauge.builder("punctual.streams.state", binding, b -> b.streams().state().ordinal())
        .description(
            "Kafka Streams state ordinal: 0 CREATED, 1 REBALANCING, 2 RUNNING, 3+ stopping")
        .register(registry);
    Gauge.builder("punctual.timers.local", binding, b -> LocalStoreSizes.timers(b.streams()))
        .description("Timers owned by this instance (RocksDB estimate)")
        .register(registry);
    Gauge.builder("punctual.due.backlog", binding, b -> LocalStoreSizes.dueBacklog(b.streams()))
        .description("Firings waiting in this instance's due index (RocksDB estimate)")
        .register(registry);
  }

  @Override
  public void close() {
    streamsMetrics.close();
  }
}

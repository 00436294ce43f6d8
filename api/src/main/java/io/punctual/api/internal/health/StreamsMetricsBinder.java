package io.punctual.api.internal.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.punctual.api.internal.SchedulerBinding;
import io.punctual.scheduler.TimerQueries;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Publishes the scheduler's metrics on {@code /prometheus}: the scheduler's own meters (firings,
 * lateness histogram, due backlog per partition); every Kafka Streams metric through Micrometer's
 * binder; {@code punctual.streams.state}, the ordinal of the current {@link
 * org.apache.kafka.streams.KafkaStreams.State} (2 = RUNNING); and the estimated sizes of this
 * instance's stores, {@code punctual.timers.local} (pending timers) and {@code
 * punctual.due.pending} (firings waiting in the due index, due or not).
 */
@Singleton
public class StreamsMetricsBinder implements MeterBinder, AutoCloseable {
  private final SchedulerBinding binding;
  private final TimerQueries queries;
  private final KafkaStreamsMetrics streamsMetrics;
  private final List<MeterRegistry> publishing = new CopyOnWriteArrayList<>();

  public StreamsMetricsBinder(SchedulerBinding binding) {
    this.binding = binding;
    this.queries = new TimerQueries(binding.streams(), binding.config());
    this.streamsMetrics = new KafkaStreamsMetrics(binding.streams());
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    // Micronaut binds its composite registry only (a test fails if a meter is counted twice)
    binding.meters().add(registry);
    publishing.add(registry);
    streamsMetrics.bindTo(registry);
    Gauge.builder("punctual.streams.state", binding, b -> b.streams().state().ordinal())
        .description(
            "Kafka Streams state ordinal: 0 CREATED, 1 REBALANCING, 2 RUNNING, 3+ stopping")
        .register(registry);
    Gauge.builder("punctual.timers.local", queries, TimerQueries::approximateTimers)
        .description("Timers owned by this instance (RocksDB estimate)")
        .register(registry);
    Gauge.builder("punctual.due.pending", queries, TimerQueries::approximateDuePending)
        .description("Firings waiting in this instance's due index (RocksDB estimate)")
        .register(registry);
  }

  @Override
  public void close() {
    publishing.forEach(binding.meters()::remove);
    streamsMetrics.close();
  }
}

package io.punctual.api.internal.health;

import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import io.punctual.api.internal.SchedulerBinding;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.KafkaStreams;
import org.reactivestreams.Publisher;

/** Readiness: UP only while Kafka Streams is RUNNING (not while rebalancing or restoring). */
@Singleton
@Readiness
public class StreamsReadiness implements HealthIndicator {
  private final SchedulerBinding binding;

  public StreamsReadiness(SchedulerBinding binding) {
    this.binding = binding;
  }

  @Override
  public Publisher<HealthResult> getResult() {
    KafkaStreams streams = binding.streams();
    return StreamsHealth.result(streams, streams.state() == KafkaStreams.State.RUNNING);
  }
}

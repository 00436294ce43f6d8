package io.punctual.api.internal.health;

import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Liveness;
import io.punctual.api.internal.SchedulerBinding;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.KafkaStreams;
import org.reactivestreams.Publisher;

/**
 * Liveness: DOWN once Kafka Streams has failed or stopped (ERROR, PENDING_ERROR, PENDING_SHUTDOWN,
 * NOT_RUNNING), so an orchestrator restarts the instance; UP while created, rebalancing or running.
 */
@Singleton
@Liveness
public class StreamsLiveness implements HealthIndicator {
  private final SchedulerBinding binding;

  public StreamsLiveness(SchedulerBinding binding) {
    this.binding = binding;
  }

  @Override
  public Publisher<HealthResult> getResult() {
    KafkaStreams streams = binding.streams();
    KafkaStreams.State state = streams.state();
    return StreamsHealth.result(
        streams, state.isRunningOrRebalancing() || state == KafkaStreams.State.CREATED);
  }
}

package io.punctual.api.internal.health;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.reactivestreams.Publisher;

/** The health of the scheduler's Kafka Streams instance, as one health result. */
final class StreamsHealth {
  static final String NAME = "kafkaStreams";

  private StreamsHealth() {}

  /**
   * UP when {@code up} holds for the current state, DOWN otherwise; the state is in the details.
   */
  static Publisher<HealthResult> result(KafkaStreams streams, boolean up) {
    KafkaStreams.State state = streams.state();
    return Publishers.just(
        HealthResult.builder(NAME, up ? HealthStatus.UP : HealthStatus.DOWN)
            .details(Map.of("state", state.name()))
            .build());
  }
}

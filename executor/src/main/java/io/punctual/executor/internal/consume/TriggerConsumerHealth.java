package io.punctual.executor.internal.consume;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import java.util.Map;
import org.reactivestreams.Publisher;

/** {@code /health} is DOWN once the poll thread of the triggers has died. */
@Singleton
final class TriggerConsumerHealth implements HealthIndicator {
  private static final String NAME = "punctual-trigger-consumer";

  private final TriggerLoop loop;

  TriggerConsumerHealth(TriggerLoop loop) {
    this.loop = loop;
  }

  @Override
  public Publisher<HealthResult> getResult() {
    Throwable cause = loop.died().getNow(null);
    HealthResult result =
        cause == null
            ? HealthResult.builder(NAME, HealthStatus.UP).build()
            : HealthResult.builder(NAME, HealthStatus.DOWN)
                .details(Map.of("error", "the trigger consumer died: " + cause))
                .build();
    return Publishers.just(result);
  }
}

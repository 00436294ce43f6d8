package io.punctual.executor.internal.publish;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.punctual.StatusType;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The executor's meters, exported on the Prometheus endpoint ({@code /prometheus}):
 *
 * <ul>
 *   <li>{@code punctual_executor_lateness_seconds} (histogram): action start minus the instant the
 *       attempt was due;
 *   <li>{@code punctual_executor_calls_total{outcome}}: attempts by outcome (SUCCEEDED, FAILED,
 *       TIMED_OUT, CANCELLED);
 *   <li>{@code punctual_executor_in_flight}, {@code punctual_executor_held}: actions running, and
 *       invocations held in memory but not running;
 *   <li>{@code punctual_executor_consumption_paused}: 1 while backpressure pauses the triggers;
 *   <li>{@code punctual_executor_triggers_skipped_total}: triggers not performed because the
 *       partition's previous owner had finished them (told by its last commit);
 *   <li>{@code punctual_executor_triggers_undecodable_total}: triggers that could not be decoded,
 *       skipped (and reported as REJECTED on the dead-letter topic);
 *   <li>{@code punctual_executor_registry_outages_total}: triggers whose decoding found the schema
 *       registry unavailable (the partition paused and read them again).
 * </ul>
 */
@Singleton
public final class ExecutorMetrics {
  private final MeterRegistry registry;
  private final Timer lateness;
  private final Map<StatusType, Counter> calls = new EnumMap<>(StatusType.class);
  private final Counter skipped;
  private final Counter undecodable;
  private final Counter registryOutages;

  public ExecutorMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.lateness =
        Timer.builder("punctual.executor.lateness")
            .description("Action start minus the instant the attempt was due")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofMinutes(10))
            .register(registry);
    for (StatusType type :
        new StatusType[] {
          StatusType.SUCCEEDED, StatusType.FAILED, StatusType.TIMED_OUT, StatusType.CANCELLED
        }) {
      calls.put(
          type,
          Counter.builder("punctual.executor.calls")
              .description("Attempts by outcome")
              .tag("outcome", type.name())
              .register(registry));
    }
    this.skipped =
        Counter.builder("punctual.executor.triggers.skipped")
            .description("Triggers the partition's previous owner had finished")
            .register(registry);
    this.undecodable =
        Counter.builder("punctual.executor.triggers.undecodable")
            .description("Triggers that could not be decoded, skipped")
            .register(registry);
    this.registryOutages =
        Counter.builder("punctual.executor.registry.outages")
            .description("Triggers whose decoding found the schema registry unavailable")
            .register(registry);
  }

  /** Counts an undecodable trigger, skipped. */
  public void undecodable() {
    undecodable.increment();
  }

  /** Counts a trigger whose decoding found the schema registry unavailable. */
  public void registryOutage() {
    registryOutages.increment();
  }

  /** Counts a trigger skipped because the partition's previous owner had finished it. */
  public void skipped() {
    skipped.increment();
  }

  /** Records the lateness of an action start. */
  public void lateness(Duration late) {
    lateness.record(late.isNegative() ? Duration.ZERO : late);
  }

  /** Counts an attempt's outcome. */
  public void outcome(StatusType type) {
    Counter counter = calls.get(type);
    if (counter != null) {
      counter.increment();
    }
  }

  /** Registers a gauge. */
  public void gauge(String name, String description, Supplier<Number> value) {
    Gauge.builder(name, value).description(description).register(registry);
  }
}

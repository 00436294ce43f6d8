package io.punctual.scheduler.internals.delay;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The meters of delayed records, shared by the tasks of one instance:
 *
 * <ul>
 *   <li>{@value #ACCEPTED}, {@value #DELIVERED}, {@value #CANCELLED} (counters): records kept until
 *       their instant, delivered, and cancelled before it;
 *   <li>{@value #DEAD_LETTERED} (counter, tag {@code when}: {@code intake} for bad input, {@code
 *       delivery} for a destination that could not take the record at its instant);
 *   <li>{@value #LATENESS} (timer with a histogram): how long after its instant each record was
 *       delivered;
 *   <li>{@value #PENDING} (gauge): the records waiting for their instant, refreshed once a second
 *       per partition; after a (re)start, a partition counts once it has counted what it holds
 *       (2,000 records at each run: about a minute per ten million).
 * </ul>
 */
final class DelayMeters {
  static final String ACCEPTED = "punctual.delayed.accepted";
  static final String DELIVERED = "punctual.delayed.delivered";
  static final String CANCELLED = "punctual.delayed.cancelled";
  static final String DEAD_LETTERED = "punctual.delayed.dead.lettered";
  static final String LATENESS = "punctual.delayed.lateness";
  static final String PENDING = "punctual.delayed.pending";

  private final Counter accepted;
  private final Counter delivered;
  private final Counter cancelled;
  private final Counter rejected;
  private final Counter undeliverable;
  private final Timer lateness;
  private final Map<Integer, Long> pending = new ConcurrentHashMap<>();

  DelayMeters(MeterRegistry registry) {
    this.accepted =
        Counter.builder(ACCEPTED)
            .description("Delayed records kept until their instant")
            .register(registry);
    this.delivered =
        Counter.builder(DELIVERED)
            .description("Delayed records delivered to their destination")
            .register(registry);
    this.cancelled =
        Counter.builder(CANCELLED)
            .description("Delayed records cancelled before their instant")
            .register(registry);
    this.rejected =
        Counter.builder(DEAD_LETTERED)
            .description("Delayed records dead-lettered")
            .tag("when", "intake")
            .register(registry);
    this.undeliverable =
        Counter.builder(DEAD_LETTERED)
            .description("Delayed records dead-lettered")
            .tag("when", "delivery")
            .register(registry);
    this.lateness =
        Timer.builder(LATENESS)
            .description("How long after its instant a delayed record was delivered")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofMinutes(10))
            .register(registry);
    Gauge.builder(
            PENDING,
            pending,
            all -> all.values().stream().mapToLong(count -> Math.max(0, count)).sum())
        .description("Delayed records waiting for their instant")
        .register(registry);
  }

  void accepted() {
    accepted.increment();
  }

  void delivered(long latenessMs) {
    delivered.increment();
    lateness.record(Math.max(0, latenessMs), TimeUnit.MILLISECONDS);
  }

  void cancelled() {
    cancelled.increment();
  }

  void rejected() {
    rejected.increment();
  }

  void undeliverable() {
    undeliverable.increment();
  }

  void pending(int partition, long count) {
    pending.put(partition, count);
  }

  void closed(int partition) {
    pending.remove(partition);
  }
}

package io.punctual.scheduler.internals.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.punctual.scheduler.SchedulerActivity;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The scheduler's own meters, shared by the tasks of one instance:
 *
 * <ul>
 *   <li>{@value #FIRINGS} (counter): first attempts emitted to the triggers topic, scheduled and
 *       manual;
 *   <li>{@value #RETRIES} (counter): later attempts emitted for the executor's retries;
 *   <li>{@value #LATENESS} (timer with a histogram): how long after its emission time (the instant
 *       less the lookahead) each first attempt was emitted;
 *   <li>{@value #DUE_BACKLOG} and {@value #DUE_LAG} (gauges per partition): the firings a
 *       punctuation left due for the next one (counted up to {@value #BACKLOG_COUNT_LIMIT}, at most
 *       once a second), and how late the oldest of them is, in seconds; both 0 when the partition
 *       keeps up.
 * </ul>
 */
public final class SchedulerMeters {
  public static final String FIRINGS = "punctual.firings";
  public static final String RETRIES = "punctual.retries";
  public static final String LATENESS = "punctual.firing.lateness";
  public static final String DUE_BACKLOG = "punctual.due.backlog";
  public static final String DUE_LAG = "punctual.due.lag";
  public static final String PARKED = "punctual.timers.parked";
  public static final String IN_FLIGHT_EXPIRED = "punctual.inflight.expired";
  public static final String SKIPPED_RECORDS = "punctual.records.skipped";
  public static final String FIRING_RESTED = "punctual.firing.rested";
  public static final int BACKLOG_COUNT_LIMIT = 10_000;

  private final MeterRegistry registry;
  private final long lookaheadMs;
  private final SchedulerActivity activity;
  private final Counter firings;
  private final Counter retries;
  private final Counter parked;
  private final Counter inFlightExpired;
  private final Counter rested;
  private final Timer lateness;
  private final Map<Integer, Backlog> backlogs = new HashMap<>();

  /**
   * @param registry where the meters are registered
   * @param lookaheadMs the scheduler's lookahead: a firing emitted that much before its instant is
   *     on time
   * @param activity where each firing is also counted per namespace and minute
   */
  public SchedulerMeters(MeterRegistry registry, long lookaheadMs, SchedulerActivity activity) {
    this.registry = registry;
    this.lookaheadMs = lookaheadMs;
    this.activity = activity;
    this.firings =
        Counter.builder(FIRINGS)
            .description("First attempts emitted to the triggers topic")
            .register(registry);
    this.retries =
        Counter.builder(RETRIES)
            .description("Retry attempts emitted to the triggers topic")
            .register(registry);
    this.parked =
        Counter.builder(PARKED)
            .description("Timers parked because handling them threw (each has a FAILED event)")
            .register(registry);
    this.inFlightExpired =
        Counter.builder(IN_FLIGHT_EXPIRED)
            .description(
                "Invocations in flight (FORBID, fixed delay) presumed lost: no final outcome came"
                    + " within their bound")
            .register(registry);
    this.rested =
        Counter.builder(FIRING_RESTED)
            .description(
                "Time firing left to input while both were behind (see"
                    + " punctual.punctuate.share.when.input.lags)")
            .baseUnit("seconds")
            .register(registry);
    this.lateness =
        Timer.builder(LATENESS)
            .description("Emission time of each first attempt after its instant less the lookahead")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofMinutes(10))
            .register(registry);
  }

  /**
   * Counts a first attempt of a timer of {@code namespace}, scheduled at {@code scheduledAt} and
   * emitted at {@code now}.
   */
  public void fired(String namespace, long scheduledAt, long now) {
    firings.increment();
    activity.fired(namespace);
    lateness.record(Math.max(0, now - (scheduledAt - lookaheadMs)), TimeUnit.MILLISECONDS);
  }

  /** Counts an invocation in flight presumed lost. */
  public void inFlightExpired() {
    inFlightExpired.increment();
  }

  /** Counts a parked timer. */
  public void parked() {
    parked.increment();
  }

  /** Counts a record of {@code topic} skipped because it could not be decoded. */
  public void skipped(String topic) {
    Counter.builder(SKIPPED_RECORDS)
        .description("Input records skipped because they could not be decoded")
        .tag("topic", topic)
        .register(registry)
        .increment();
  }

  /** Adds a rest of firing that has ended, given input's share of the thread. */
  public void rested(long nanos) {
    rested.increment(nanos / 1e9);
  }

  /** Counts a retry attempt. */
  public void retried() {
    retries.increment();
  }

  /**
   * The backlog gauges of a partition, registered while at least one task of this instance holds
   * them open.
   */
  public synchronized Backlog openBacklog(int partition) {
    Backlog backlog = backlogs.computeIfAbsent(partition, Backlog::new);
    backlog.holders++;
    return backlog;
  }

  private synchronized void release(Backlog backlog) {
    if (--backlog.holders == 0) {
      backlogs.remove(backlog.partition);
      backlog.meters.forEach(registry::remove);
    }
  }

  /** The due backlog of one partition, as the last punctuation of its task left it. */
  public final class Backlog implements AutoCloseable {
    private final int partition;
    private final List<Meter> meters;
    private volatile long firings;
    private volatile double lagSeconds;
    private int holders;

    private Backlog(int partition) {
      this.partition = partition;
      Tags tags = Tags.of("partition", Integer.toString(partition));
      this.meters =
          List.of(
              Gauge.builder(DUE_BACKLOG, this, b -> b.firings)
                  .description("Firings a punctuation left due, counted up to 10000")
                  .tags(tags)
                  .register(registry),
              Gauge.builder(DUE_LAG, this, b -> b.lagSeconds)
                  .description("How late the oldest firing left due is")
                  .baseUnit("seconds")
                  .tags(tags)
                  .register(registry));
    }

    /** Records what a punctuation left: {@code left} firings, the oldest due at {@code due}. */
    public void update(int left, long oldestDue, long now) {
      firings = left;
      lagSeconds = left == 0 ? 0 : Math.max(0, now - (oldestDue - lookaheadMs)) / 1000.0;
    }

    @Override
    public void close() {
      release(this);
    }
  }
}

package io.punctual.scheduler.internals.faults;

import io.punctual.scheduler.internals.metrics.SchedulerMeters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Input records a processor skips because it cannot decode them: each is counted in {@link
 * SchedulerMeters#SKIPPED_RECORDS}; the first is logged with its origin and cause, later ones at
 * most once a minute, with the count since.
 */
public final class SkippedRecords {
  private static final Logger LOG = LoggerFactory.getLogger(SkippedRecords.class);
  private static final long LOG_INTERVAL_NANOS = 60_000_000_000L;

  private final String what;
  private final String topic;
  private final SchedulerMeters meters;
  private long unlogged;
  private long loggedAt;
  private boolean logged;

  /**
   * @param what what the records should be, for the log ("status event")
   * @param topic the topic they come from, the meter's tag
   */
  public SkippedRecords(String what, String topic, SchedulerMeters meters) {
    this.what = what;
    this.topic = topic;
    this.meters = meters;
  }

  /** Skips the record at {@code origin} that failed to decode with {@code cause}. */
  public void skip(String origin, RuntimeException cause) {
    meters.skipped(topic);
    long now = System.nanoTime();
    if (logged && now - loggedAt < LOG_INTERVAL_NANOS) {
      unlogged++;
      return;
    }
    LOG.warn(
        "skipped undecodable {} {} ({} more skipped since the last report): {}",
        what,
        origin,
        unlogged,
        cause.toString());
    logged = true;
    loggedAt = now;
    unlogged = 0;
  }
}

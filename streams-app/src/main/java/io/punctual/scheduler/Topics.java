package io.punctual.scheduler;

import java.util.List;
import java.util.Map;

/**
 * Punctual's topics, named from one prefix. All but {@link #delayed()} and {@link #deadLetters()}
 * are keyed by timer id and co-partitioned; only {@link #timers()} is compacted.
 */
public record Topics(String prefix) {
  /** Timer definitions, compacted; a null value deletes. */
  public String timers() {
    return prefix + ".timers";
  }

  /** Invocations emitted by the scheduler. */
  public String triggers() {
    return prefix + ".triggers";
  }

  /** Status events from the scheduler and the executor. */
  public String status() {
    return prefix + ".status";
  }

  /** Commands about timers (trigger, backfill, pause, resume), keyed by timer id. */
  public String commands() {
    return prefix + ".commands";
  }

  /** Rejected input and exhausted invocations, with headers naming the error and its origin. */
  public String deadLetters() {
    return prefix + ".dead-letters";
  }

  /**
   * Delayed records: any record with the delay headers, delivered to its destination at its
   * instant. Keyed by the producer's keys, so not co-partitioned with the others.
   */
  public String delayed() {
    return prefix + ".delayed";
  }

  /**
   * Status events of delayed records, when {@code punctual.delay.status.events} turns them on:
   * apart from {@link #status()}, so that none is taken for a timer's. Keyed by delay id.
   */
  public String delayedStatus() {
    return prefix + ".delayed.status";
  }

  /** The topics that must have the same partition count. */
  public List<String> coPartitioned() {
    return List.of(timers(), triggers(), status(), commands());
  }

  /** Every topic with the cleanup policy it is created with. */
  public Map<String, String> cleanupPolicies() {
    return Map.of(
        timers(),
        "compact",
        triggers(),
        "delete",
        status(),
        "delete",
        commands(),
        "delete",
        deadLetters(),
        "delete",
        delayed(),
        "delete");
  }
}

package io.punctual.scheduler.schedule;

import java.time.Instant;

/**
 * The instants a schedule fires at, in increasing order. Implementations are immutable and
 * thread-safe.
 */
public interface FiringSequence {

  /**
   * The first firing instant strictly after {@code after}, or null when there is none.
   *
   * <p>The result depends on {@code after} only: the sequence is a fixed set of instants, so {@code
   * next(next(t))} walks it in order.
   */
  Instant next(Instant after);

  /**
   * Whether the sequence has any instant strictly after {@code after}: false for a schedule whose
   * instants are all past (a Quartz year field in the past, a single instant already gone) or lie
   * beyond 9999-12-31T23:59:59Z. As quick as {@link #next}: a cron searches at most 400 years.
   */
  default boolean firesAfter(Instant after) {
    return next(after) != null;
  }
}

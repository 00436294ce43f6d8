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
}

package io.punctual.scheduler.schedule;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * {@code first, first + period, first + 2 * period, ...}: the instants of a fixed-rate {@code
 * every} schedule. The rhythm is anchored on {@code first}, so it does not drift and does not
 * depend on when it is asked.
 */
public final class FixedRateSequence implements FiringSequence {
  private final Instant first;
  private final Duration period;

  /**
   * @param first the first firing instant
   * @param period the distance between two firings; must be positive
   */
  public FixedRateSequence(Instant first, Duration period) {
    this.first = Objects.requireNonNull(first, "first");
    this.period = Objects.requireNonNull(period, "period");
    if (period.isZero() || period.isNegative()) {
      throw new IllegalArgumentException("period must be positive: " + period);
    }
  }

  @Override
  public Instant next(Instant after) {
    if (after.isBefore(first)) {
      return first;
    }
    try {
      long elapsedPeriods = Duration.between(first, after).dividedBy(period);
      return first.plus(period.multipliedBy(elapsedPeriods + 1));
    } catch (ArithmeticException | DateTimeException beyondTimeline) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "every " + period + " from " + first;
  }
}

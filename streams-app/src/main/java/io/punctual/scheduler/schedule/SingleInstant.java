package io.punctual.scheduler.schedule;

import java.time.Instant;
import java.util.Objects;

/**
 * A schedule that fires once, at a given instant ({@code {"at": ...}} and {@code {"after": ...}}).
 */
public final class SingleInstant implements FiringSequence {
  private final Instant at;

  /** A sequence holding {@code at} only. */
  public SingleInstant(Instant at) {
    this.at = Objects.requireNonNull(at, "at");
  }

  @Override
  public Instant next(Instant after) {
    return at.isAfter(after) ? at : null;
  }

  @Override
  public String toString() {
    return "at " + at;
  }
}

package io.punctual.scheduler.internals.feedback;

import io.punctual.StatusType;

/** What a status event means to the scheduler. */
enum OutcomeKind {
  /** The executor sends the next attempt back to be fired at its instant. */
  RETRY,
  /** The invocation is over: {@code SUCCEEDED}, {@code DEAD_LETTERED} or {@code CANCELLED}. */
  FINAL,
  /** Anything else: progress of an attempt, or the scheduler's own events. */
  IRRELEVANT;

  static OutcomeKind of(StatusType type) {
    return switch (type) {
      case RETRY_SCHEDULED -> RETRY;
      case SUCCEEDED, DEAD_LETTERED, CANCELLED -> FINAL;
      default -> IRRELEVANT;
    };
  }
}

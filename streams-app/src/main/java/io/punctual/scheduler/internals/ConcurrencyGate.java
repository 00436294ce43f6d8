package io.punctual.scheduler.internals;

import io.punctual.InvocationHeaders;
import io.punctual.StatusType;
import io.punctual.TimerDefinition;

/**
 * Sends a timer's firings under its concurrency policy ({@link FiringPlan#concurrency()}): {@code
 * ALLOW} sends every firing and tracks nothing; {@code FORBID} does not send a firing while the
 * invocation in flight is unfinished, and reports it {@code SKIPPED}; {@code REPLACE} cancels the
 * invocation in flight, then sends the firing.
 */
final class ConcurrencyGate {
  private final Emitter emitter;

  ConcurrencyGate(Emitter emitter) {
    this.emitter = emitter;
  }

  /**
   * What became of one firing.
   *
   * @param sent whether an invocation was emitted
   * @param inFlight the invocation in flight afterwards (null for a policy that tracks nothing)
   */
  record Admission(boolean sent, String inFlight) {}

  /** Sends, skips or replaces the firing at {@code scheduledAt}, given the invocation in flight. */
  Admission fire(
      String timerId,
      TimerDefinition definition,
      FiringPlan plan,
      String inFlight,
      long scheduledAt,
      int coalesced) {
    String invocationId = InvocationHeaders.invocationId(timerId, scheduledAt);
    return fire(timerId, definition, plan, inFlight, invocationId, scheduledAt, coalesced);
  }

  /** Sends, skips or replaces the firing {@code invocationId}, given the invocation in flight. */
  Admission fire(
      String timerId,
      TimerDefinition definition,
      FiringPlan plan,
      String inFlight,
      String invocationId,
      long scheduledAt,
      int coalesced) {
    switch (plan.concurrency()) {
      case FORBID:
        if (inFlight != null) {
          emitter.status(
              StatusType.SKIPPED,
              timerId,
              definition.getNamespace(),
              invocationId,
              scheduledAt,
              "the previous invocation " + inFlight + " is unfinished; concurrency FORBID");
          return new Admission(false, inFlight);
        }
        return new Admission(
            true, emitter.invocation(timerId, definition, invocationId, scheduledAt, coalesced));
      case REPLACE:
        if (inFlight != null) {
          emitter.cancel(timerId, definition, inFlight);
        }
        return new Admission(
            true, emitter.invocation(timerId, definition, invocationId, scheduledAt, coalesced));
      default:
        emitter.invocation(timerId, definition, invocationId, scheduledAt, coalesced);
        return new Admission(true, null);
    }
  }
}

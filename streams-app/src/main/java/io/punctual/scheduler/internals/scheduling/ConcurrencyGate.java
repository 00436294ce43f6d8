package io.punctual.scheduler.internals.scheduling;

import io.punctual.InvocationHeaders;
import io.punctual.StatusType;
import io.punctual.TimerDefinition;
import io.punctual.scheduler.internals.state.LiveTimer;
import io.punctual.scheduler.internals.state.TimerState;

/**
 * Sends a timer's firings under its concurrency policy ({@link FiringPlan#concurrency()}): {@code
 * ALLOW} sends every firing and tracks nothing; {@code FORBID} does not send a firing while the
 * invocation in flight is unfinished, and reports it {@code SKIPPED}; {@code REPLACE} cancels the
 * invocation in flight, then sends the firing.
 */
public final class ConcurrencyGate {
  private final Emitter emitter;

  public ConcurrencyGate(Emitter emitter) {
    this.emitter = emitter;
  }

  /**
   * What became of one firing.
   *
   * @param sent whether an invocation was emitted
   * @param inFlight the invocation in flight afterwards (null for a policy that tracks nothing)
   * @param inFlightSince when it was emitted, or {@link TimerState#NONE}
   */
  public record Admission(boolean sent, String inFlight, long inFlightSince) {}

  /** Sends, skips or replaces the firing at {@code scheduledAt}, given the invocation in flight. */
  public Admission fire(
      String timerId,
      TimerDefinition definition,
      FiringPlan plan,
      Admission current,
      long scheduledAt,
      int coalesced) {
    String invocationId = InvocationHeaders.invocationId(timerId, scheduledAt);
    return fire(timerId, definition, plan, current, invocationId, scheduledAt, coalesced);
  }

  /** The invocation a timer has in flight, as an admission to pass to {@link #fire}. */
  public static Admission current(LiveTimer state) {
    return new Admission(false, state.inFlight(), state.inFlightSince());
  }

  /**
   * Sends, skips or replaces the firing {@code invocationId}, given the invocation in flight. An
   * invocation in flight past its {@link InFlightBound} is presumed lost: a {@code FAILED} event
   * says so, and the firing goes through.
   */
  public Admission fire(
      String timerId,
      TimerDefinition definition,
      FiringPlan plan,
      Admission current,
      String invocationId,
      long scheduledAt,
      int coalesced) {
    String inFlight = current.inFlight();
    if (inFlight != null
        && emitter.now() > InFlightBound.expiry(definition, current.inFlightSince())) {
      presumeLost(timerId, definition, inFlight);
      inFlight = null;
    }
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
          return new Admission(false, inFlight, current.inFlightSince());
        }
        return sent(emitter.invocation(timerId, definition, invocationId, scheduledAt, coalesced));
      case REPLACE:
        if (inFlight != null) {
          emitter.cancel(timerId, definition, inFlight);
        }
        return sent(emitter.invocation(timerId, definition, invocationId, scheduledAt, coalesced));
      default:
        emitter.invocation(timerId, definition, invocationId, scheduledAt, coalesced);
        return new Admission(true, null, TimerState.NONE);
    }
  }

  /**
   * Reports the invocation in flight lost: no final outcome came within its bound. The timer stops
   * waiting for it.
   */
  void presumeLost(String timerId, TimerDefinition definition, String inFlight) {
    emitter.inFlightExpired();
    emitter.status(
        StatusType.FAILED,
        timerId,
        definition.getNamespace(),
        inFlight,
        null,
        "no final outcome within "
            + InFlightBound.millis(definition)
            + " ms (timeout, retries and grace); presumed lost, the timer goes on");
  }

  private Admission sent(String invocationId) {
    return new Admission(true, invocationId, emitter.now());
  }
}

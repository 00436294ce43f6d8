package io.punctual.scheduler.internals;

import io.punctual.TimerDefinition;

/**
 * What the scheduler keeps per timer: the definition and where its schedule stands.
 *
 * @param definition the timer as last defined
 * @param anchor epoch millis the schedule came into force (the record timestamp of the definition
 *     that set it); {@code after} and {@code every} without a start count from here
 * @param cursor nominal instants at or before this epoch milli are done (fired or missed)
 * @param nextNominal the next nominal instant, {@link #NONE}, or {@link #AWAITING_OUTCOME}
 * @param nextDue the instant the next firing is indexed at (nominal plus jitter), or {@link #NONE}
 *     when it is not indexed (no next instant, paused, or awaiting an outcome)
 * @param firings invocations emitted so far
 * @param inFlight the invocation whose final outcome the timer waits for, or null; only timers
 *     whose concurrency policy tracks invocations set it (never {@code ALLOW} fixed-rate timers)
 * @param lastOutcome when the last awaited invocation finished (fixed delay), or {@link #NONE}
 */
public record TimerState(
    TimerDefinition definition,
    long anchor,
    long cursor,
    long nextNominal,
    long nextDue,
    long firings,
    String inFlight,
    long lastOutcome) {
  /** Marks an absent instant. */
  public static final long NONE = Long.MIN_VALUE;

  /** The next instant of a fixed-delay timer while it waits for the outcome of its invocation. */
  public static final long AWAITING_OUTCOME = Long.MAX_VALUE;

  /** The state of a timer whose schedule came into force at {@code anchor}. */
  static TimerState initial(TimerDefinition definition, long anchor, long cursor, long firings) {
    return new TimerState(definition, anchor, cursor, NONE, NONE, firings, null, NONE);
  }

  public boolean indexed() {
    return nextDue != NONE;
  }

  TimerState withNext(long newNextNominal, long newNextDue) {
    return new TimerState(
        definition, anchor, cursor, newNextNominal, newNextDue, firings, inFlight, lastOutcome);
  }

  TimerState advanced(long newCursor, long addedFirings) {
    return new TimerState(
        definition,
        anchor,
        newCursor,
        nextNominal,
        nextDue,
        firings + addedFirings,
        inFlight,
        lastOutcome);
  }

  /** The state after the firing of the nominal instant {@code nominal} went through the gate. */
  TimerState fired(long nominal, ConcurrencyGate.Admission admission) {
    return new TimerState(
        definition,
        anchor,
        nominal,
        nextNominal,
        nextDue,
        admission.sent() ? firings + 1 : firings,
        admission.inFlight(),
        lastOutcome);
  }

  TimerState withInFlight(String invocationId) {
    return new TimerState(
        definition, anchor, cursor, nextNominal, nextDue, firings, invocationId, lastOutcome);
  }

  /** The state once the awaited invocation has its final outcome, finished at {@code finished}. */
  TimerState finished(long finished) {
    return new TimerState(
        definition, anchor, cursor, nextNominal, nextDue, firings, null, finished);
  }
}

package io.punctual.scheduler.internals;

import io.punctual.TimerDefinition;

/**
 * What the scheduler keeps per timer: the definition and where its schedule stands.
 *
 * @param definition the timer as last defined
 * @param anchor epoch millis the schedule came into force (the record timestamp of the definition
 *     that set it); {@code after} and {@code every} without a start count from here
 * @param cursor nominal instants at or before this epoch milli are done (fired or missed)
 * @param nextNominal the next nominal instant, or {@link #NONE}
 * @param nextDue the instant the next firing is indexed at (nominal plus jitter), or {@link #NONE}
 *     when it is not indexed (no next instant, or paused)
 * @param firings invocations emitted so far
 */
public record TimerState(
    TimerDefinition definition,
    long anchor,
    long cursor,
    long nextNominal,
    long nextDue,
    long firings) {
  /** Marks an absent instant. */
  public static final long NONE = Long.MIN_VALUE;

  public boolean indexed() {
    return nextDue != NONE;
  }

  TimerState withDefinition(TimerDefinition newDefinition) {
    return new TimerState(newDefinition, anchor, cursor, nextNominal, nextDue, firings);
  }

  TimerState withNext(long newNextNominal, long newNextDue) {
    return new TimerState(definition, anchor, cursor, newNextNominal, newNextDue, firings);
  }

  TimerState advanced(long newCursor, long addedFirings) {
    return new TimerState(
        definition, anchor, newCursor, nextNominal, nextDue, firings + addedFirings);
  }
}

package io.punctual.scheduler.internals.state;

import io.punctual.TimerDefinition;
import java.util.ArrayList;
import java.util.List;

/**
 * What the scheduler keeps per timer: the definition and where its schedule stands.
 *
 * @param definition the timer as last defined
 * @param anchor epoch millis the schedule came into force (the record timestamp of the definition
 *     that set it); {@code after} and {@code every} without a start count from here
 * @param cursor nominal instants at or before this epoch milli are done (fired or missed)
 * @param nextNominal the next nominal instant, {@link #NONE}, {@link #AWAITING_OUTCOME}, or {@link
 *     #DELETED}
 * @param nextDue the instant the next firing is indexed at (nominal plus jitter), or {@link #NONE}
 *     when it is not indexed (no next instant, paused, or awaiting an outcome); for a marker, when
 *     it is removed
 * @param firings invocations emitted so far
 * @param inFlight the invocation whose final outcome the timer waits for, or null; only timers
 *     whose concurrency policy tracks invocations set it (never {@code ALLOW} fixed-rate timers)
 * @param inFlightSince when the invocation in flight was emitted, or {@link #NONE}: past the
 *     scheduler's in-flight bound from then, its outcome is presumed lost
 * @param lastOutcome when the last awaited invocation finished (fixed delay), or {@link #NONE}
 * @param pauseOverride set by a PAUSE (true) or RESUME (false) command, or null: it wins over
 *     {@code definition.paused} until the next definition record clears it
 * @param recentCommands ids of the last {@link #REMEMBERED_COMMANDS} TRIGGER and BACKFILL commands
 *     applied, oldest first, so that a repeated command fires nothing
 */
public record TimerState(
    TimerDefinition definition,
    long anchor,
    long cursor,
    long nextNominal,
    long nextDue,
    long firings,
    String inFlight,
    long inFlightSince,
    long lastOutcome,
    Boolean pauseOverride,
    List<String> recentCommands) {
  /** Marks an absent instant. */
  public static final long NONE = Long.MIN_VALUE;

  /** The next instant of a fixed-delay timer while it waits for the outcome of its invocation. */
  public static final long AWAITING_OUTCOME = Long.MAX_VALUE;

  /**
   * The next instant of a deleted timer's marker: what remains of a timer deleted after its
   * schedule fired past the delete's timestamp, kept until {@code nextDue} so that the same id
   * defined again does not fire those instants again. A marker is no timer: it fires nothing.
   */
  public static final long DELETED = Long.MIN_VALUE + 1;

  /** How many command ids a timer remembers to ignore repeated commands. */
  public static final int REMEMBERED_COMMANDS = 16;

  public TimerState {
    recentCommands = List.copyOf(recentCommands);
  }

  /** A state without pause override nor remembered commands. */
  public TimerState(
      TimerDefinition definition,
      long anchor,
      long cursor,
      long nextNominal,
      long nextDue,
      long firings,
      String inFlight,
      long lastOutcome) {
    this(
        definition,
        anchor,
        cursor,
        nextNominal,
        nextDue,
        firings,
        inFlight,
        inFlight == null ? NONE : cursor,
        lastOutcome,
        null,
        List.of());
  }

  /** The state of a timer whose schedule came into force at {@code anchor}. */
  public static TimerState initial(
      TimerDefinition definition, long anchor, long cursor, long firings) {
    return new TimerState(definition, anchor, cursor, NONE, NONE, firings, null, NONE);
  }

  public boolean indexed() {
    return nextDue != NONE;
  }

  /** Whether this is a deleted timer's marker, not a timer (see {@link #DELETED}). */
  public boolean deleted() {
    return nextNominal == DELETED;
  }

  /** The marker of this timer once deleted, indexed for its removal at {@code forgetAt}. */
  public TimerState deletedMarker(long forgetAt) {
    return new TimerState(
        definition, anchor, cursor, DELETED, forgetAt, firings, null, lastOutcome);
  }

  /** Whether the timer fires nothing: the pause override if set, else the definition's flag. */
  public boolean paused() {
    return pauseOverride != null ? pauseOverride : definition.getPaused();
  }

  public TimerState withNext(long newNextNominal, long newNextDue) {
    return new TimerState(
        definition,
        anchor,
        cursor,
        newNextNominal,
        newNextDue,
        firings,
        inFlight,
        inFlightSince,
        lastOutcome,
        pauseOverride,
        recentCommands);
  }

  public TimerState advanced(long newCursor, long addedFirings) {
    return new TimerState(
        definition,
        anchor,
        newCursor,
        nextNominal,
        nextDue,
        firings + addedFirings,
        inFlight,
        inFlightSince,
        lastOutcome,
        pauseOverride,
        recentCommands);
  }

  /**
   * The state after the firing of the nominal instant {@code nominal} went through the concurrency
   * gate: {@code sent} if an invocation was emitted, with the invocation then in flight.
   */
  public TimerState fired(long nominal, boolean sent, String newInFlight, long newInFlightSince) {
    return new TimerState(
        definition,
        anchor,
        nominal,
        nextNominal,
        nextDue,
        sent ? firings + 1 : firings,
        newInFlight,
        newInFlightSince,
        lastOutcome,
        pauseOverride,
        recentCommands);
  }

  public TimerState withInFlight(String invocationId, long since) {
    return new TimerState(
        definition,
        anchor,
        cursor,
        nextNominal,
        nextDue,
        firings,
        invocationId,
        invocationId == null ? NONE : since,
        lastOutcome,
        pauseOverride,
        recentCommands);
  }

  /** The state once the awaited invocation has its final outcome, finished at {@code finished}. */
  public TimerState finished(long finished) {
    return new TimerState(
        definition,
        anchor,
        cursor,
        nextNominal,
        nextDue,
        firings,
        null,
        NONE,
        finished,
        pauseOverride,
        recentCommands);
  }

  /** The state with a pause override: true pauses, false resumes, null defers to the definition. */
  public TimerState withPauseOverride(Boolean override) {
    return new TimerState(
        definition,
        anchor,
        cursor,
        nextNominal,
        nextDue,
        firings,
        inFlight,
        inFlightSince,
        lastOutcome,
        override,
        recentCommands);
  }

  /** Whether a TRIGGER or BACKFILL command with this id was applied recently. */
  public boolean remembers(String commandId) {
    return recentCommands.contains(commandId);
  }

  /** The state remembering {@code commandId}, forgetting the oldest id past the bound. */
  public TimerState remembering(String commandId) {
    List<String> ids = new ArrayList<>(recentCommands);
    ids.add(commandId);
    if (ids.size() > REMEMBERED_COMMANDS) {
      ids.remove(0);
    }
    return new TimerState(
        definition,
        anchor,
        cursor,
        nextNominal,
        nextDue,
        firings,
        inFlight,
        inFlightSince,
        lastOutcome,
        pauseOverride,
        ids);
  }
}

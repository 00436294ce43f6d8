package io.punctual.scheduler.internals.state;

import io.punctual.TimerDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A timer as the scheduler keeps it: its definition, where its schedule stands ({@link #next()}),
 * the invocation it waits for, a pause override and the commands it remembers. Immutable once
 * built: made with {@link #builder()}, changed through the {@code with…} methods, which return a
 * copy. The fields are not final only so that such a copy sets just what differs.
 */
public final class LiveTimer implements TimerState {
  /** How many command ids a timer remembers to ignore repeated commands. */
  public static final int REMEMBERED_COMMANDS = 16;

  /** How many retries handed back a timer remembers to index each once. */
  public static final int REMEMBERED_RETRIES = 32;

  private TimerDefinition definition;
  private long anchor;
  private long cursor;
  private NextFiring next;
  private long firings;
  private String inFlight;
  private long inFlightSince;
  private long lastOutcome;
  private Boolean pauseOverride;
  private List<String> recentCommands;
  private Completed completed;
  private List<String> recentRetries;

  /** Fields are set here, by the builder, or on a fresh copy by a {@code with…} method only. */
  private LiveTimer(Builder builder) {
    this.definition = Objects.requireNonNull(builder.definition, "definition");
    this.anchor = builder.anchor;
    this.cursor = builder.cursor;
    this.next = Objects.requireNonNull(builder.next, "next");
    this.firings = builder.firings;
    setInFlight(builder.inFlight, builder.inFlightSince);
    this.lastOutcome = builder.lastOutcome;
    this.pauseOverride = builder.pauseOverride;
    this.recentCommands = builder.recentCommands;
    this.completed = builder.completed;
    this.recentRetries = builder.recentRetries;
  }

  private LiveTimer(LiveTimer from) {
    this.definition = from.definition;
    this.anchor = from.anchor;
    this.cursor = from.cursor;
    this.next = from.next;
    this.firings = from.firings;
    this.inFlight = from.inFlight;
    this.inFlightSince = from.inFlightSince;
    this.lastOutcome = from.lastOutcome;
    this.pauseOverride = from.pauseOverride;
    this.recentCommands = from.recentCommands;
    this.completed = from.completed;
    this.recentRetries = from.recentRetries;
  }

  private void setInFlight(String invocationId, long since) {
    this.inFlight = invocationId;
    this.inFlightSince = invocationId == null ? NONE : since;
  }

  /** A builder of a timer with no next instant, no firing, nothing in flight and no outcome. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this timer. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  @Override
  public TimerDefinition definition() {
    return definition;
  }

  @Override
  public long anchor() {
    return anchor;
  }

  @Override
  public long cursor() {
    return cursor;
  }

  /** Where the schedule stands. */
  public NextFiring next() {
    return next;
  }

  /** Whether the schedule has a next instant, or waits for an outcome before it computes one. */
  public boolean hasNext() {
    return !(next instanceof NextFiring.Unscheduled || next instanceof NextFiring.Retired);
  }

  /** Invocations emitted so far. */
  public long firings() {
    return firings;
  }

  /**
   * The invocation whose final outcome the timer waits for, or null; only timers whose concurrency
   * policy tracks invocations set it (never {@code ALLOW} fixed-rate timers).
   */
  public String inFlight() {
    return inFlight;
  }

  /**
   * When the invocation in flight was emitted, or {@link #NONE}: past the scheduler's in-flight
   * bound from then, its outcome is presumed lost.
   */
  public long inFlightSince() {
    return inFlightSince;
  }

  @Override
  public long lastOutcome() {
    return lastOutcome;
  }

  /**
   * Set by a PAUSE (true) or RESUME (false) command, or null: it wins over {@code
   * definition.paused} until the next definition record clears it.
   */
  public Boolean pauseOverride() {
    return pauseOverride;
  }

  /** Ids of the last {@link #REMEMBERED_COMMANDS} TRIGGER and BACKFILL commands, oldest first. */
  public List<String> recentCommands() {
    return recentCommands;
  }

  /**
   * The {@code COMPLETED} event published when the schedule ran out, kept here for the history
   * until the next definition; null if none.
   */
  public Completed completed() {
    return completed;
  }

  @Override
  public boolean indexed() {
    return next.indexed();
  }

  @Override
  public long indexedAt() {
    if (!next.indexed()) {
      throw new IllegalStateException("not indexed: " + next);
    }
    return next.indexedAt();
  }

  /** Whether the timer fires nothing: the pause override if set, else the definition's flag. */
  public boolean paused() {
    return pauseOverride != null ? pauseOverride : definition.getPaused();
  }

  /** The marker of this timer once deleted, indexed for its removal at {@code removeAt}. */
  public DeletionMarker deletionMarker(long removeAt) {
    return new DeletionMarker(definition, anchor, cursor, lastOutcome, removeAt);
  }

  /** The timer with its schedule standing at {@code newNext}. */
  public LiveTimer withNext(NextFiring newNext) {
    LiveTimer copy = new LiveTimer(this);
    copy.next = Objects.requireNonNull(newNext, "next");
    return copy;
  }

  /** The timer with instants up to {@code newCursor} done, and {@code addedFirings} more. */
  public LiveTimer advanced(long newCursor, long addedFirings) {
    LiveTimer copy = new LiveTimer(this);
    copy.cursor = newCursor;
    copy.firings += addedFirings;
    return copy;
  }

  /**
   * The timer after the firing of the nominal instant {@code nominal} went through the concurrency
   * gate: {@code sent} if an invocation was emitted, with the invocation then in flight.
   */
  public LiveTimer fired(long nominal, boolean sent, String newInFlight, long newInFlightSince) {
    LiveTimer copy = new LiveTimer(this);
    copy.cursor = nominal;
    copy.firings += sent ? 1 : 0;
    copy.setInFlight(newInFlight, newInFlightSince);
    return copy;
  }

  /**
   * The timer waiting for {@code invocationId}, emitted at {@code since}, or for nothing (null).
   */
  public LiveTimer withInFlight(String invocationId, long since) {
    LiveTimer copy = new LiveTimer(this);
    copy.setInFlight(invocationId, since);
    return copy;
  }

  /** The timer once the awaited invocation has its final outcome, finished at {@code finished}. */
  public LiveTimer finished(long finished) {
    LiveTimer copy = new LiveTimer(this);
    copy.setInFlight(null, NONE);
    copy.lastOutcome = finished;
    return copy;
  }

  /** The timer keeping {@code event}, the {@code COMPLETED} event just published, or none. */
  public LiveTimer withCompleted(Completed event) {
    LiveTimer copy = new LiveTimer(this);
    copy.completed = event;
    return copy;
  }

  /** The timer with a pause override: true pauses, false resumes, null defers to the definition. */
  public LiveTimer withPauseOverride(Boolean override) {
    LiveTimer copy = new LiveTimer(this);
    copy.pauseOverride = override;
    return copy;
  }

  /** The retries handed back recently, as {@code invocationId#attempt}, oldest first. */
  public List<String> recentRetries() {
    return recentRetries;
  }

  /** Whether attempt {@code attempt} of {@code invocationId} was handed back recently. */
  public boolean remembersRetry(String invocationId, int attempt) {
    return recentRetries.contains(retryKey(invocationId, attempt));
  }

  /** The timer remembering a retry handed back, forgetting the oldest past the bound. */
  public LiveTimer rememberingRetry(String invocationId, int attempt) {
    LiveTimer copy = new LiveTimer(this);
    copy.recentRetries =
        bounded(recentRetries, retryKey(invocationId, attempt), REMEMBERED_RETRIES);
    return copy;
  }

  private static String retryKey(String invocationId, int attempt) {
    return invocationId + "#" + attempt;
  }

  private static List<String> bounded(List<String> ids, String added, int bound) {
    List<String> copy = new ArrayList<>(ids);
    copy.add(added);
    if (copy.size() > bound) {
      copy.remove(0);
    }
    return List.copyOf(copy);
  }

  /** Whether a TRIGGER or BACKFILL command with this id was applied recently. */
  public boolean remembers(String commandId) {
    return recentCommands.contains(commandId);
  }

  /** The timer remembering {@code commandId}, forgetting the oldest id past the bound. */
  public LiveTimer remembering(String commandId) {
    LiveTimer copy = new LiveTimer(this);
    copy.recentCommands = bounded(recentCommands, commandId, REMEMBERED_COMMANDS);
    return copy;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LiveTimer that
        && anchor == that.anchor
        && cursor == that.cursor
        && firings == that.firings
        && inFlightSince == that.inFlightSince
        && lastOutcome == that.lastOutcome
        && definition.equals(that.definition)
        && next.equals(that.next)
        && Objects.equals(inFlight, that.inFlight)
        && Objects.equals(pauseOverride, that.pauseOverride)
        && recentCommands.equals(that.recentCommands)
        && Objects.equals(completed, that.completed)
        && recentRetries.equals(that.recentRetries);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        definition,
        anchor,
        cursor,
        next,
        firings,
        inFlight,
        inFlightSince,
        lastOutcome,
        pauseOverride,
        recentCommands,
        completed,
        recentRetries);
  }

  @Override
  public String toString() {
    return "LiveTimer[next="
        + next
        + ", anchor="
        + anchor
        + ", cursor="
        + cursor
        + ", firings="
        + firings
        + ", inFlight="
        + inFlight
        + ", inFlightSince="
        + inFlightSince
        + ", lastOutcome="
        + lastOutcome
        + ", pauseOverride="
        + pauseOverride
        + ", recentCommands="
        + recentCommands
        + ", completed="
        + completed
        + ", recentRetries="
        + recentRetries
        + ", definition="
        + definition
        + "]";
  }

  /** Builds a {@link LiveTimer}; the definition is required. */
  public static final class Builder {
    private TimerDefinition definition;
    private long anchor;
    private long cursor;
    private NextFiring next = NextFiring.UNSCHEDULED;
    private long firings;
    private String inFlight;
    private long inFlightSince = NONE;
    private long lastOutcome = NONE;
    private Boolean pauseOverride;
    private List<String> recentCommands = List.of();
    private Completed completed;
    private List<String> recentRetries = List.of();

    private Builder() {}

    private Builder(LiveTimer timer) {
      this.definition = timer.definition;
      this.anchor = timer.anchor;
      this.cursor = timer.cursor;
      this.next = timer.next;
      this.firings = timer.firings;
      this.inFlight = timer.inFlight;
      this.inFlightSince = timer.inFlightSince;
      this.lastOutcome = timer.lastOutcome;
      this.pauseOverride = timer.pauseOverride;
      this.recentCommands = timer.recentCommands;
      this.completed = timer.completed;
      this.recentRetries = timer.recentRetries;
    }

    public Builder definition(TimerDefinition value) {
      this.definition = value;
      return this;
    }

    public Builder anchor(long value) {
      this.anchor = value;
      return this;
    }

    public Builder cursor(long value) {
      this.cursor = value;
      return this;
    }

    public Builder next(NextFiring value) {
      this.next = value;
      return this;
    }

    public Builder firings(long value) {
      this.firings = value;
      return this;
    }

    /** The invocation in flight, emitted at {@code since}; null for none. */
    public Builder inFlight(String invocationId, long since) {
      this.inFlight = invocationId;
      this.inFlightSince = since;
      return this;
    }

    /** When the last awaited invocation finished, or {@link TimerState#NONE}. */
    public Builder lastOutcome(long value) {
      this.lastOutcome = value;
      return this;
    }

    public Builder pauseOverride(Boolean value) {
      this.pauseOverride = value;
      return this;
    }

    public Builder recentCommands(List<String> value) {
      this.recentCommands = List.copyOf(value);
      return this;
    }

    /** The {@code COMPLETED} event the state keeps for the history, or null. */
    public Builder completed(Completed value) {
      this.completed = value;
      return this;
    }

    public Builder recentRetries(List<String> value) {
      this.recentRetries = List.copyOf(value);
      return this;
    }

    public LiveTimer build() {
      return new LiveTimer(this);
    }
  }
}

package io.punctual.scheduler.internals.scheduling;

import io.punctual.ConcurrencyPolicy;
import io.punctual.contract.Limits;
import io.punctual.scheduler.internals.state.TimerState;
import io.punctual.scheduler.schedule.FiringSequence;
import io.punctual.scheduler.schedule.Jitter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A timer's schedule as the scheduler applies it: the firing sequence, cut to the timer's window
 * and firing limit, and shifted by its jitter; and how its firings may overlap.
 */
public final class FiringPlan {
  /** Cursor of a one-shot schedule that has not fired: its instant is always ahead. */
  static final long ONE_SHOT_START = -1;

  private final String timerId;
  private final FiringSequence sequence;
  private final boolean recurring;
  private final Instant startAt;
  private final Instant endAt;
  private final Long maxFirings;
  private final Duration jitter;
  private final boolean awaitsOutcome;
  private final ConcurrencyPolicy concurrency;

  FiringPlan(
      String timerId,
      FiringSequence sequence,
      boolean recurring,
      Instant startAt,
      Instant endAt,
      Long maxFirings,
      Duration jitter,
      boolean awaitsOutcome,
      ConcurrencyPolicy concurrency) {
    this.timerId = timerId;
    this.sequence = sequence;
    this.recurring = recurring;
    this.startAt = startAt;
    this.endAt = endAt;
    this.maxFirings = maxFirings;
    this.jitter = jitter;
    this.awaitsOutcome = awaitsOutcome;
    this.concurrency = concurrency;
  }

  /**
   * Whether the next instant depends on the final outcome of the previous invocation (fixed delay):
   * the timer waits for it before it schedules anything.
   */
  /** Whether the schedule has more than one instant (cron, every) rather than one (at, after). */
  boolean recurring() {
    return recurring;
  }

  boolean awaitsOutcome() {
    return awaitsOutcome;
  }

  /** How a firing that falls due while an earlier invocation is unfinished is treated. */
  ConcurrencyPolicy concurrency() {
    return concurrency;
  }

  /** Whether the timer keeps track of its invocation in flight. */
  boolean tracksInFlight() {
    return concurrency != ConcurrencyPolicy.ALLOW;
  }

  /**
   * The cursor of a schedule that comes into force at {@code anchor}: a recurring schedule fires
   * from the anchor on; a one-shot fires at its instant even when that is already past.
   */
  public long initialCursor(long anchor) {
    return recurring ? anchor - 1 : ONE_SHOT_START;
  }

  /**
   * The cursor of a schedule that replaces another at {@code anchor}, where the other had fired (or
   * missed) everything up to {@code previousCursor}, by {@code previous}'s plan: nothing already
   * emitted fires again. A recurring schedule fires from the anchor on, or after the previous
   * cursor when the old schedule got past the anchor (the change was applied late, e.g. by a task
   * that was catching up); a one-shot fires at its instant, unless the old schedule already fired
   * that very instant.
   */
  long replacingCursor(long anchor, long previousCursor, FiringPlan previous) {
    if (recurring) {
      return Math.max(anchor - 1, previousCursor);
    }
    long instant = nextNominal(ONE_SHOT_START, 0);
    boolean firedBefore =
        instant != TimerState.NONE
            && instant <= previousCursor
            && previous != null
            && previous.nextNominal(instant - 1, 0) == instant;
    return firedBefore ? instant : ONE_SHOT_START;
  }

  /**
   * The first nominal instant after {@code cursor} that may still fire, or {@link TimerState#NONE}:
   * none after {@link Limits#LATEST}.
   */
  public long nextNominal(long cursor, long firings) {
    if (maxFirings != null && firings >= maxFirings) {
      return TimerState.NONE;
    }
    long after = cursor;
    if (startAt != null && after < startAt.toEpochMilli() - 1) {
      after = startAt.toEpochMilli() - 1;
    }
    Instant next = sequence.next(Instant.ofEpochMilli(after));
    if (next == null || next.isAfter(Limits.LATEST) || (endAt != null && next.isAfter(endAt))) {
      return TimerState.NONE;
    }
    return next.toEpochMilli();
  }

  /** Whether the schedule itself, whatever the window and firing limit, has an instant after. */
  public boolean sequenceHasInstantAfter(long cursor) {
    return sequence.firesAfter(Instant.ofEpochMilli(cursor));
  }

  /** The instant a nominal instant fires at: itself plus the timer's deterministic jitter. */
  public long due(long nominal) {
    if (jitter.isZero()) {
      return nominal;
    }
    return Jitter.apply(timerId, Instant.ofEpochMilli(nominal), jitter).toEpochMilli();
  }

  /**
   * Up to {@code limit} nominal instants of the schedule in {@code [from, to]}, in order: within
   * the timer's window, whatever its firing count.
   */
  public List<Instant> instantsBetween(Instant from, Instant to, int limit) {
    List<Instant> instants = new ArrayList<>();
    long nominal = nextNominal(from.toEpochMilli() - 1, 0);
    while (instants.size() < limit && nominal != TimerState.NONE && nominal <= to.toEpochMilli()) {
      instants.add(Instant.ofEpochMilli(nominal));
      nominal = nextNominal(nominal, 0);
    }
    return instants;
  }

  /**
   * The instants the next {@code count} firings are due at (jitter included), from the nominal
   * instant {@code nextNominal} on, after {@code firings} firings.
   */
  public List<Instant> nextDue(long nextNominal, long firings, int count) {
    List<Instant> instants = new ArrayList<>();
    long nominal = nextNominal;
    long fired = firings;
    while (instants.size() < count && nominal != TimerState.NONE) {
      instants.add(Instant.ofEpochMilli(due(nominal)));
      fired++;
      nominal = nextNominal(nominal, fired);
    }
    return instants;
  }
}

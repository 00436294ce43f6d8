package io.punctual.executor.internal.engine;

import io.punctual.executor.internal.Cancellable;
import io.punctual.executor.internal.Trigger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One execution of a trigger, from the moment it is taken to its end, and the only place its state
 * changes. Each method below is a transition; it tells whether it applied, so that the caller acts
 * (publishes, releases a slot) only on the transition it made. The state and what is pending in it
 * are guarded by the execution's monitor; what is pending is called off outside it.
 *
 * <ul>
 *   <li>{@link #hold}: TAKEN → HELD until its instant;
 *   <li>{@link #queue}: HELD → QUEUED, due and waiting for an in-flight slot;
 *   <li>{@link #start}: QUEUED → ATTEMPTING;
 *   <li>{@link #end}: ATTEMPTING → SUCCEEDED, DEAD_LETTERED, RETRY_SCHEDULED or DROPPED, ORPHANED →
 *       SUCCEEDED or DROPPED;
 *   <li>{@link #retryHere}: ATTEMPTING → HELD for the next attempt (ORPHANED → DROPPED);
 *   <li>{@link #orphan}: ATTEMPTING → ORPHANED (its partition revoked, or a shutdown timed out);
 *       {@link #adopt}: ORPHANED → ATTEMPTING (its trigger delivered here again);
 *   <li>{@link #drop}: TAKEN, HELD or QUEUED → DROPPED (its partition revoked); {@link #shutDown}:
 *       HELD or QUEUED → DROPPED, or RETRY_SCHEDULED for a local retry;
 *   <li>{@link #cancel}: any live state → CANCELLED; {@link #giveUp}: any live state →
 *       DEAD_LETTERED (the executor itself failed).
 * </ul>
 */
final class Execution {
  private static final Logger LOG = LoggerFactory.getLogger(Execution.class);

  /** Where an execution stands. The last five are final: nothing changes them. */
  enum State {
    /** Read, not yet held. */
    TAKEN,
    /** Waiting for its instant: the first attempt's, or a local retry's. */
    HELD,
    /** Due, waiting for an in-flight slot. */
    QUEUED,
    /** Its action runs. */
    ATTEMPTING,
    /**
     * Its action runs, but its partition was revoked or the shutdown timed out: it ends with an
     * outcome only if it succeeds.
     */
    ORPHANED,
    /** Ended with SUCCEEDED. */
    SUCCEEDED,
    /** Ended with DEAD_LETTERED: its attempts are exhausted, or its failure cannot be cured. */
    DEAD_LETTERED,
    /** Ended with RETRY_SCHEDULED: the scheduler sends the next attempt. */
    RETRY_SCHEDULED,
    /** Ended with CANCELLED. */
    CANCELLED,
    /** Ended without a final record: its trigger stays unfinished, to be performed again. */
    DROPPED;

    boolean isFinal() {
      return compareTo(SUCCEEDED) >= 0;
    }

    /** Whether it waits to start: nothing of it has been performed in this attempt. */
    boolean waiting() {
      return compareTo(QUEUED) <= 0;
    }
  }

  private final Trigger trigger;
  private final TriggerPartition partition;
  private State state = State.TAKEN;
  private int attempt;
  private Instant dueAt;
  private Cancellable pending;
  private List<Execution> adopted = List.of();
  private boolean acknowledged;

  Execution(Trigger trigger, TriggerPartition partition) {
    this.trigger = trigger;
    this.partition = partition;
    this.attempt = trigger.invocation().getAttempt();
    this.dueAt = trigger.invocation().getScheduledAt();
  }

  Trigger trigger() {
    return trigger;
  }

  TriggerPartition partition() {
    return partition;
  }

  String id() {
    return trigger.id();
  }

  synchronized State state() {
    return state;
  }

  /** The current attempt's number. */
  synchronized int attempt() {
    return attempt;
  }

  /** The instant the current attempt is due. */
  synchronized Instant dueAt() {
    return dueAt;
  }

  /** TAKEN → HELD: {@code due} runs at its instant. */
  synchronized void hold(Timers timers, Runnable due) {
    if (state != State.TAKEN) {
      throw new IllegalStateException(this + " is " + state + ", not TAKEN");
    }
    holdUntilDue(timers, due);
  }

  /**
   * ATTEMPTING → HELD for the next attempt, due at {@code at}; an orphan is DROPPED instead.
   *
   * @return the state reached, or null when it had ended already (cancelled while it ran)
   */
  synchronized State retryHere(Instant at, Timers timers, Runnable due) {
    if (state == State.ORPHANED) {
      state = State.DROPPED;
      return state;
    }
    if (state != State.ATTEMPTING) {
      return null;
    }
    attempt++;
    dueAt = at;
    holdUntilDue(timers, due);
    return State.HELD;
  }

  private void holdUntilDue(Timers timers, Runnable due) {
    state = State.HELD;
    pending = null;
    Cancellable timer = timers.at(dueAt, due);
    if (state == State.HELD) {
      pending = timer;
    }
  }

  /** HELD → QUEUED; {@code withdraw} takes it out of the slot queue if it is called off. */
  synchronized boolean queue(Cancellable withdraw) {
    if (state != State.HELD) {
      return false;
    }
    state = State.QUEUED;
    pending = withdraw;
    return true;
  }

  /** QUEUED → ATTEMPTING; false when it is no longer queued: its slot is not needed. */
  synchronized boolean start() {
    if (state != State.QUEUED) {
      return false;
    }
    state = State.ATTEMPTING;
    pending = null;
    return true;
  }

  /** Remembers the running action, to abort it; false when the execution ended meanwhile. */
  synchronized boolean attach(Cancellable action) {
    if (state != State.ATTEMPTING && state != State.ORPHANED) {
      return false;
    }
    pending = action;
    return true;
  }

  /**
   * ATTEMPTING → {@code verdict} (SUCCEEDED, DEAD_LETTERED, RETRY_SCHEDULED or DROPPED); an orphan
   * becomes SUCCEEDED if it succeeded, else DROPPED.
   *
   * @return the state reached, or null when it had ended already (cancelled while it ran)
   */
  synchronized State end(State verdict) {
    if (!verdict.isFinal() || verdict == State.CANCELLED) {
      throw new IllegalArgumentException("not the verdict of an attempt: " + verdict);
    }
    if (state == State.ORPHANED) {
      state = verdict == State.SUCCEEDED ? State.SUCCEEDED : State.DROPPED;
      return state;
    }
    if (state != State.ATTEMPTING) {
      return null;
    }
    state = verdict;
    return state;
  }

  /** Any live state → CANCELLED, calling off what is pending; false when it had ended. */
  boolean cancel() {
    return callOff(State.CANCELLED, false);
  }

  /** Any live state → DEAD_LETTERED, when the executor itself failed; false when it had ended. */
  synchronized boolean giveUp() {
    if (state.isFinal()) {
      return false;
    }
    state = State.DEAD_LETTERED;
    return true;
  }

  /** TAKEN, HELD or QUEUED → DROPPED (its partition is revoked), calling off what is pending. */
  boolean drop() {
    return callOff(State.DROPPED, true);
  }

  /**
   * At a shutdown, HELD or QUEUED → DROPPED for a first attempt, RETRY_SCHEDULED for a local retry
   * (handed to the scheduler), calling off what is pending.
   *
   * @return the state reached, or null when it was not waiting
   */
  State shutDown() {
    Cancellable off;
    State reached;
    synchronized (this) {
      if (!state.waiting() || state == State.TAKEN) {
        return null;
      }
      reached = attempt > trigger.invocation().getAttempt() ? State.RETRY_SCHEDULED : State.DROPPED;
      state = reached;
      off = pending;
      pending = null;
    }
    callOff(off);
    return reached;
  }

  /**
   * ATTEMPTING → ORPHANED: its partition is gone, or a shutdown gives up waiting for it; {@code
   * abort} aborts its action too. False when no action runs.
   */
  boolean orphan(boolean abort) {
    Cancellable action;
    synchronized (this) {
      if (state != State.ATTEMPTING && state != State.ORPHANED) {
        return false;
      }
      state = State.ORPHANED;
      action = abort ? pending : null;
    }
    callOff(action);
    return true;
  }

  /**
   * Takes on a later delivery of the same trigger, finished when this one is; an orphan is
   * ATTEMPTING again. False when this one is dropped or its outcome is acknowledged already.
   */
  synchronized boolean adopt(Execution again) {
    if (state == State.DROPPED || acknowledged) {
      return false;
    }
    if (state == State.ORPHANED) {
      state = State.ATTEMPTING;
    }
    if (adopted.isEmpty()) {
      adopted = new ArrayList<>(1);
    }
    adopted.add(again);
    return true;
  }

  /**
   * Its final record was acknowledged ({@code ok}) or not: if it was, its trigger and those it
   * adopted are finished. It adopts nothing after.
   */
  void acknowledged(boolean ok) {
    List<Execution> again;
    synchronized (this) {
      acknowledged = true;
      again = adopted;
    }
    if (ok) {
      partition.done(trigger.offset());
      again.forEach(e -> e.partition.done(e.trigger.offset()));
    }
  }

  private boolean callOff(State to, boolean onlyWaiting) {
    Cancellable off;
    synchronized (this) {
      if (state.isFinal() || (onlyWaiting && !state.waiting())) {
        return false;
      }
      state = to;
      off = pending;
      pending = null;
    }
    callOff(off);
    return true;
  }

  /** Calls off what was pending; a failure to do so does not undo the transition made. */
  private void callOff(Cancellable off) {
    if (off == null) {
      return;
    }
    try {
      off.cancel();
    } catch (RuntimeException e) {
      LOG.warn("{}: calling off what was pending failed: {}", this, e.toString());
    }
  }

  @Override
  public String toString() {
    return "invocation " + id() + " (attempt " + attempt + ", from " + trigger.origin() + ")";
  }
}

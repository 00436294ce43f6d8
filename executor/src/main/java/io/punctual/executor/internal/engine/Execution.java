package io.punctual.executor.internal;

import io.punctual.Invocation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One delivery of an invocation, from the trigger record to its final outcome (or {@code
 * RETRY_SCHEDULED}). Its fields are guarded by its own monitor; {@link InvocationEngine} moves it
 * through the states.
 */
final class Execution {
  /** Where an execution stands. */
  enum State {
    /** Waiting for its instant (the first attempt, or a local retry). */
    HELD,
    /** Due, waiting for an in-flight slot. */
    WAITING_SLOT,
    /** The action is running. */
    RUNNING,
    /** Its outcome is decided and being published; it can no longer be cancelled. */
    FINISHING,
    /** Over: finished, cancelled or dropped. */
    DONE
  }

  final Invocation invocation;
  final byte[] triggerBytes;
  final OffsetTracker tracker;
  final long offset;
  final String origin;

  State state = State.HELD;
  int attempt;
  Instant dueAt;
  Cancellable pending;
  boolean abandoned;

  /** Later deliveries of the same trigger, adopted by this one: done when this one is. */
  final List<Execution> adopted = new ArrayList<>();

  Execution(
      Invocation invocation,
      byte[] triggerBytes,
      OffsetTracker tracker,
      long offset,
      String origin) {
    this.invocation = invocation;
    this.triggerBytes = triggerBytes;
    this.tracker = tracker;
    this.offset = offset;
    this.origin = origin;
    this.attempt = invocation.getAttempt();
    this.dueAt = invocation.getScheduledAt();
  }

  String id() {
    return invocation.getInvocationId();
  }

  String timerId() {
    return invocation.getTimerId();
  }

  @Override
  public String toString() {
    return "invocation " + id() + " (attempt " + attempt + ", from " + origin + ")";
  }
}

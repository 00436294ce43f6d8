package io.punctual.scheduler.internals.state;

/**
 * Where a live timer's schedule stands: its next instant, indexed ({@link Scheduled}) or held while
 * the timer is paused ({@link Held}); waiting for the outcome of the invocation in flight ({@link
 * AwaitingOutcome}); or no next instant ({@link Unscheduled}), for good once a one-shot fired
 * ({@link Retired}).
 */
public sealed interface NextFiring {
  /** No next instant. */
  Unscheduled UNSCHEDULED = new Unscheduled();

  /** Whether the timer has an entry in the due index. */
  boolean indexed();

  /** The instant of that entry; meaningful only when {@link #indexed()}. */
  long indexedAt();

  /**
   * The next nominal instant, indexed at its due instant.
   *
   * @param nominal epoch millis of the next nominal instant
   * @param due epoch millis it fires at: the nominal instant plus the timer's jitter
   */
  record Scheduled(long nominal, long due) implements NextFiring {
    @Override
    public boolean indexed() {
      return true;
    }

    @Override
    public long indexedAt() {
      return due;
    }
  }

  /**
   * The next nominal instant of a paused timer: not indexed.
   *
   * @param nominal epoch millis of the next nominal instant
   */
  record Held(long nominal) implements NextFiring {
    @Override
    public boolean indexed() {
      return false;
    }

    @Override
    public long indexedAt() {
      return TimerState.NONE;
    }
  }

  /**
   * A fixed-delay timer waits for the final outcome of its invocation in flight before it schedules
   * its next instant; it is indexed when it will presume that outcome lost.
   *
   * @param presumedLostAt epoch millis the outcome is presumed lost, or {@link #NEVER}: only state
   *     written before that bound existed (store layouts 2 and 3) waits however long, not indexed
   */
  record AwaitingOutcome(long presumedLostAt) implements NextFiring {
    /** The outcome is never presumed lost. */
    public static final long NEVER = Long.MAX_VALUE;

    @Override
    public boolean indexed() {
      return presumedLostAt != NEVER;
    }

    @Override
    public long indexedAt() {
      return presumedLostAt;
    }
  }

  /** No next instant: the schedule is exhausted, the timer is parked, or not scheduled yet. */
  record Unscheduled() implements NextFiring {
    @Override
    public boolean indexed() {
      return false;
    }

    @Override
    public long indexedAt() {
      return TimerState.NONE;
    }
  }

  /**
   * A one-shot timer that fired: nothing more to fire. Its state is kept until {@code removeAt} (so
   * that the same definition written again does not fire again meanwhile, and an outcome or a retry
   * of its invocation still finds it), where it is indexed; then it is removed.
   *
   * @param removeAt epoch millis the state is removed
   */
  record Retired(long removeAt) implements NextFiring {
    @Override
    public boolean indexed() {
      return true;
    }

    @Override
    public long indexedAt() {
      return removeAt;
    }
  }
}

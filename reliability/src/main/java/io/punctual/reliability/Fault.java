package io.punctual.reliability;

/**
 * A fault the harness injected: what, to which processes, and when it began and ended (epoch
 * millis; the end is when the processes concerned were back).
 */
record Fault(Kind kind, String targets, long startMs, long endMs) {
  /** The kinds of fault. */
  enum Kind {
    /** SIGKILL of one scheduler instance, started again after a few seconds. */
    SCHEDULER_KILL,
    /** SIGKILL of two scheduler instances at once, both started again. */
    SCHEDULER_KILL_TWO,
    /** SIGSTOP of a scheduler longer than its session timeout, then SIGCONT: a zombie. */
    SCHEDULER_ZOMBIE,
    /** SIGKILL of an executor, started again after a few seconds. */
    EXECUTOR_KILL,
    /** The broker stopped (SIGTERM) or killed (SIGKILL), and started again. */
    BROKER_RESTART,
    /** A scheduler instance added (rebalance). */
    SCHEDULER_ADD,
    /** The added scheduler instance removed with SIGTERM (rebalance). */
    SCHEDULER_REMOVE
  }
}

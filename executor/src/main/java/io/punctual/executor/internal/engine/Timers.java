package io.punctual.executor.internal.engine;

import io.punctual.executor.internal.Cancellable;
import java.time.Instant;

/** Runs a task at an instant, never before ({@link HeldInvocations}). */
@FunctionalInterface
interface Timers {
  /** Runs the task at the instant, or at once if it is past. */
  Cancellable at(Instant instant, Runnable task);
}

package io.punctual.executor.internal.publish;

import io.punctual.executor.internal.Trigger;
import io.punctual.executor.internal.action.AttemptResult;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * The status events of a trigger's execution. Each future completes when Kafka acknowledged the
 * record, or exceptionally when it did not.
 */
public interface StatusEvents {
  /** STARTED for an attempt due at {@code dueAt}. */
  CompletableFuture<Void> started(Trigger trigger, int attempt, Instant dueAt, Instant startedAt);

  /** SUCCEEDED, FAILED or TIMED_OUT for an attempt. */
  CompletableFuture<Void> outcome(
      Trigger trigger, int attempt, Instant dueAt, Instant startedAt, AttemptResult result);

  /** RETRY_SCHEDULED: the scheduler will send attempt {@code nextAttempt} at {@code at}. */
  CompletableFuture<Void> retryScheduled(
      Trigger trigger, int nextAttempt, Instant at, String error);

  /** CANCELLED (final). */
  CompletableFuture<Void> cancelled(Trigger trigger, int attempt);

  /** DEAD_LETTERED (final), and the trigger on the dead-letter topic. */
  CompletableFuture<Void> deadLettered(Trigger trigger, int attempt, String error);
}

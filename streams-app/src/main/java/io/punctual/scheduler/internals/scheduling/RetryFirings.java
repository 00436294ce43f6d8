package io.punctual.scheduler.internals.scheduling;

import io.punctual.ConcurrencyPolicy;
import io.punctual.StatusType;
import io.punctual.scheduler.internals.state.LiveTimer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires the retries the executor sent back ({@code RETRY_SCHEDULED}): the attempt it names of the
 * same invocation, with the timer's current target, retry, labels and concurrency. A retry never
 * counts as a firing and never moves the timer's schedule. It is cancelled ({@code CANCELLED}) when
 * the timer was deleted meanwhile, or when another invocation of a timer that tracks its invocation
 * in flight has superseded it (concurrency {@code REPLACE}).
 */
public final class RetryFirings {
  private static final Logger LOG = LoggerFactory.getLogger(RetryFirings.class);

  private final ScheduleKeeper keeper;
  private final Emitter emitter;

  public RetryFirings(ScheduleKeeper keeper, Emitter emitter) {
    this.keeper = keeper;
    this.emitter = emitter;
  }

  /**
   * Indexes attempt {@code attempt} of {@code invocationId} at {@code nextAttemptAt}, unless the
   * timer remembers it handed back already: an executor that crashed before it committed an attempt
   * performs it again and hands the same retry back a second time, with another instant.
   */
  public void schedule(String timerId, String invocationId, int attempt, long nextAttemptAt) {
    LiveTimer state = keeper.get(timerId);
    if (state != null) {
      if (state.remembersRetry(invocationId, attempt)) {
        LOG.info(
            "retry {} of invocation {} handed back again: it is indexed once",
            attempt,
            invocationId);
        return;
      }
      keeper.put(timerId, state.rememberingRetry(invocationId, attempt));
    }
    keeper.index().putRetry(nextAttemptAt, timerId, invocationId, attempt);
  }

  /** Fires an indexed retry that fell due. */
  public void fire(DueIndex.Entry retry) {
    LiveTimer state = keeper.get(retry.timerId());
    if (state == null) {
      cancel(retry, null, "timer deleted");
      return;
    }
    String inFlight = state.inFlight();
    boolean tracked = FiringPlans.concurrencyOf(state.definition()) != ConcurrencyPolicy.ALLOW;
    if (tracked && inFlight != null && !inFlight.equals(retry.invocationId())) {
      cancel(retry, state.definition().getNamespace(), "superseded by " + inFlight);
      return;
    }
    emitter.retry(
        retry.timerId(),
        state.definition(),
        retry.invocationId(),
        retry.scheduledAt(),
        retry.attempt());
  }

  private void cancel(DueIndex.Entry retry, String namespace, String reason) {
    emitter.status(
        StatusType.CANCELLED,
        retry.timerId(),
        namespace,
        retry.invocationId(),
        retry.scheduledAt(),
        "attempt " + retry.attempt() + " not sent: " + reason);
  }
}

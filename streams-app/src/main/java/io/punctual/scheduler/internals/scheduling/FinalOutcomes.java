package io.punctual.scheduler.internals.scheduling;

import io.punctual.scheduler.internals.state.LiveTimer;
import java.time.Instant;

/**
 * Applies the final outcome of a timer's invocation in flight: the timer no longer waits for it,
 * and a fixed-delay timer schedules its next instant one period after the outcome. An outcome of
 * any other invocation changes nothing.
 */
public final class FinalOutcomes {
  private final ScheduleKeeper keeper;

  public FinalOutcomes(ScheduleKeeper keeper) {
    this.keeper = keeper;
  }

  /**
   * Records that {@code invocationId} of {@code timerId} finished at {@code finishedAt}.
   *
   * @return whether it was the invocation the timer waited for
   */
  public boolean finish(String timerId, String invocationId, Instant finishedAt) {
    LiveTimer state = keeper.get(timerId);
    if (state == null || !invocationId.equals(state.inFlight())) {
      return false;
    }
    LiveTimer done = state.finished(finishedAt.toEpochMilli());
    if (!FiringPlans.awaitsOutcome(done.definition())) {
      keeper.put(timerId, done);
      return true;
    }
    FiringPlan plan = keeper.planOrDrop(timerId, done);
    if (plan != null) {
      keeper.unindex(timerId, done);
      keeper.reschedule(timerId, done, plan, state.hasNext());
    }
    return true;
  }
}

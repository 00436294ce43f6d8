package io.punctual.scheduler.internals.commands;

import io.punctual.scheduler.internals.scheduling.FiringPlan;
import io.punctual.scheduler.internals.scheduling.ScheduleKeeper;
import io.punctual.scheduler.internals.state.LiveTimer;

/**
 * Pauses and resumes a timer on command, without changing its definition: the command sets the
 * state's pause override, which wins over the definition's {@code paused} flag until the next
 * definition record. Pausing takes the next firing out of the due index; resuming puts the next
 * instant after the schedule's cursor back, and the punctuator applies the misfire policy to what
 * fell due meanwhile, exactly as when the definition resumes the timer.
 */
final class PauseSwitch {
  private final ScheduleKeeper keeper;

  PauseSwitch(ScheduleKeeper keeper) {
    this.keeper = keeper;
  }

  /** Pauses ({@code paused} true) or resumes the timer. */
  void set(String timerId, LiveTimer state, boolean paused) {
    LiveTimer switched = state.withPauseOverride(paused);
    if (switched.paused() == state.paused()) {
      keeper.put(timerId, switched);
      return;
    }
    FiringPlan plan = keeper.planOrDrop(timerId, switched);
    if (plan != null) {
      keeper.unindex(timerId, state);
      keeper.reschedule(timerId, switched, plan, state.hasNext());
    }
  }
}

package io.punctual.scheduler.internals.commands;

import io.punctual.CommandType;
import io.punctual.InvocationHeaders;
import io.punctual.StatusType;
import io.punctual.TimerCommand;
import io.punctual.scheduler.internals.scheduling.ConcurrencyGate;
import io.punctual.scheduler.internals.scheduling.Emitter;
import io.punctual.scheduler.internals.scheduling.FiringPlan;
import io.punctual.scheduler.internals.scheduling.ScheduleKeeper;
import io.punctual.scheduler.internals.state.LiveTimer;
import java.time.Instant;
import java.util.List;

/**
 * Fires a timer on command, without moving its schedule and without counting towards {@code
 * maxFirings}.
 *
 * <ul>
 *   <li>{@code TRIGGER} sends one invocation {@code <timerId>@manual-<commandId>} scheduled at the
 *       command's processing time, through the concurrency gate like any firing ({@code FORBID}
 *       skips it while an invocation is unfinished, reported {@code SKIPPED}); a paused timer fires
 *       too.
 *   <li>{@code BACKFILL} sends, in order, one invocation per instant of the schedule in the
 *       command's range (within the timer's window), each with its regular id {@code
 *       <timerId>@<instant>}, whatever the concurrency policy. A range of more instants than {@code
 *       punctual.backfill.max.firings} is refused as a whole ({@code REJECTED}), so that one
 *       command does a bounded amount of work.
 * </ul>
 */
final class ManualFirings {
  private final ScheduleKeeper keeper;
  private final ConcurrencyGate gate;
  private final Emitter emitter;
  private final int backfillMax;

  ManualFirings(ScheduleKeeper keeper, ConcurrencyGate gate, Emitter emitter, int backfillMax) {
    this.keeper = keeper;
    this.gate = gate;
    this.emitter = emitter;
    this.backfillMax = backfillMax;
  }

  /** The invocation id a command fires under: for a {@code TRIGGER} only, else null. */
  static String invocationIdOf(TimerCommand command) {
    return command.getType() == CommandType.TRIGGER
        ? InvocationHeaders.manualInvocationId(command.getTimerId(), command.getCommandId())
        : null;
  }

  /** The command as named in logs and status events. */
  static String describe(TimerCommand command) {
    return "command " + command.getCommandId() + " (" + command.getType() + ")";
  }

  /** Fires the timer now, at {@code now}. */
  void trigger(String timerId, LiveTimer state, TimerCommand command, long now) {
    FiringPlan plan = keeper.planOrDrop(timerId, state);
    if (plan == null) {
      return;
    }
    ConcurrencyGate.Admission admission =
        gate.fire(
            timerId,
            state.definition(),
            plan,
            ConcurrencyGate.current(state),
            invocationIdOf(command),
            now,
            1);
    keeper.put(
        timerId,
        state
            .withInFlight(admission.inFlight(), admission.inFlightSince())
            .remembering(command.getCommandId()));
  }

  /** Fires every instant of the command's range, or refuses a range past the bound. */
  void backfill(String timerId, LiveTimer state, TimerCommand command) {
    FiringPlan plan = keeper.planOrDrop(timerId, state);
    if (plan == null) {
      return;
    }
    List<Instant> instants =
        plan.instantsBetween(command.getFrom(), command.getTo(), backfillMax + 1);
    if (instants.size() > backfillMax) {
      emitter.status(
          StatusType.REJECTED,
          timerId,
          state.definition().getNamespace(),
          null,
          null,
          describe(command)
              + ": the range ["
              + command.getFrom()
              + ", "
              + command.getTo()
              + "] has more than "
              + backfillMax
              + " instants (punctual.backfill.max.firings); backfill it in smaller ranges");
      return;
    }
    for (Instant instant : instants) {
      long due = plan.due(instant.toEpochMilli());
      emitter.invocation(
          timerId, state.definition(), InvocationHeaders.invocationId(timerId, due), due, 1);
    }
    keeper.put(timerId, state.remembering(command.getCommandId()));
  }
}

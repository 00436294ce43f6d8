package io.punctual.scheduler.internals.scheduling;

import io.punctual.MisfirePolicy;
import io.punctual.StatusType;
import io.punctual.TimerDefinition;
import io.punctual.scheduler.internals.state.LiveTimer;
import io.punctual.scheduler.internals.state.TimerState;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies a timer's misfire policy to the instants it missed: those due more than the misfire
 * threshold before now. Every missed instant that does not fire is reported as {@code MISFIRED}, up
 * to {@code punctual.misfire.max.events}; past that bound, one more event gives the extent of the
 * rest.
 */
final class MisfireHandler {
  private final SchedulingSettings settings;
  private final Emitter emitter;
  private final ConcurrencyGate gate;

  MisfireHandler(SchedulingSettings settings, Emitter emitter, ConcurrencyGate gate) {
    this.settings = settings;
    this.emitter = emitter;
    this.gate = gate;
  }

  /** One missed instant: nominal, and due with jitter. */
  private record Missed(long nominal, long due) {}

  /**
   * Handles the missed instants from the timer's next one, {@code nextNominal}, on; returns the
   * advanced state.
   */
  LiveTimer catchUp(String timerId, LiveTimer state, long nextNominal, FiringPlan plan, long now) {
    long lateBefore = now - settings.misfireThresholdMs();
    List<Missed> missed = new ArrayList<>();
    long nominal = nextNominal;
    int bound = settings.misfireMaxEvents() + settings.misfireFireAllMax();
    while (nominal != TimerState.NONE && plan.due(nominal) < lateBefore && missed.size() < bound) {
      missed.add(new Missed(nominal, plan.due(nominal)));
      nominal = plan.nextNominal(nominal, 0);
    }
    boolean truncated =
        nominal != TimerState.NONE && plan.due(nominal) < lateBefore && missed.size() == bound;
    TimerDefinition definition = state.definition();
    LiveTimer handled = fire(timerId, state, plan, missed);
    long cursor = missed.get(missed.size() - 1).nominal();
    if (truncated) {
      cursor = Math.max(cursor, lateBefore - 1);
      emitter.status(
          StatusType.MISFIRED,
          timerId,
          definition,
          null,
          "more instants were missed up to "
              + java.time.Instant.ofEpochMilli(lateBefore)
              + " than punctual.misfire.max.events reports one by one; policy "
              + definition.getMisfire());
    }
    return handled.advanced(cursor, 0);
  }

  /**
   * Fires what the policy says through the concurrency gate, reports the rest; returns the state
   * with the invocations emitted counted and the invocation in flight.
   */
  private LiveTimer fire(String timerId, LiveTimer state, FiringPlan plan, List<Missed> missed) {
    TimerDefinition definition = state.definition();
    MisfirePolicy policy = definition.getMisfire();
    Long maxFirings = definition.getMaxFirings();
    long allowed = maxFirings == null ? Long.MAX_VALUE : maxFirings - state.firings();
    int fired = 0;
    int sent = 0;
    ConcurrencyGate.Admission inFlight = ConcurrencyGate.current(state);
    int reported = 0;
    Missed last = missed.get(missed.size() - 1);
    for (Missed instant : missed) {
      boolean fires =
          switch (policy) {
            case FIRE_ALL -> fired < settings.misfireFireAllMax() && sent < allowed;
            case FIRE_ONCE -> instant == last && allowed > 0;
            default -> false;
          };
      if (fires) {
        int coalesced = policy == MisfirePolicy.FIRE_ONCE ? missed.size() : 1;
        ConcurrencyGate.Admission admission =
            gate.fire(timerId, definition, plan, inFlight, instant.due(), coalesced);
        inFlight = admission;
        fired++;
        sent += admission.sent() ? 1 : 0;
      } else if (reported < settings.misfireMaxEvents()) {
        emitter.status(
            StatusType.MISFIRED, timerId, definition, instant.due(), reason(policy, last));
        reported++;
      }
    }
    return state
        .advanced(state.cursor(), sent)
        .withInFlight(inFlight.inFlight(), inFlight.inFlightSince());
  }

  private static String reason(MisfirePolicy policy, Missed last) {
    return switch (policy) {
      case FIRE_ONCE -> "missed; policy FIRE_ONCE fired one catch-up at " + last.due();
      case FIRE_ALL -> "missed; policy FIRE_ALL reached its cap (punctual.misfire.fire.all.max)";
      default -> "missed; policy " + policy + " fires nothing";
    };
  }
}

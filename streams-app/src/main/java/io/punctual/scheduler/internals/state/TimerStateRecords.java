package io.punctual.scheduler.internals.state;

import io.punctual.state.AwaitingOutcome;
import io.punctual.state.Completion;
import io.punctual.state.DeletionMarkerState;
import io.punctual.state.Held;
import io.punctual.state.InFlight;
import io.punctual.state.LiveTimerState;
import io.punctual.state.Retired;
import io.punctual.state.Scheduled;
import io.punctual.state.StoredTimerState;
import io.punctual.state.Unscheduled;
import org.apache.kafka.common.errors.SerializationException;

/** Converts a {@link TimerState} to and from its Avro record, {@link StoredTimerState}. */
final class TimerStateRecords {
  private TimerStateRecords() {}

  static StoredTimerState toRecord(TimerState state) {
    StoredTimerState stored = new StoredTimerState();
    if (state instanceof LiveTimer timer) {
      stored.setTimer(toRecord(timer));
    } else {
      stored.setTimer(toRecord((DeletionMarker) state));
    }
    return stored;
  }

  static TimerState fromRecord(StoredTimerState stored) {
    Object timer = stored.getTimer();
    if (timer instanceof LiveTimerState live) {
      return fromRecord(live);
    }
    if (timer instanceof DeletionMarkerState marker) {
      return fromRecord(marker);
    }
    throw new SerializationException("unknown stored timer state " + timer);
  }

  private static LiveTimerState toRecord(LiveTimer timer) {
    LiveTimerState live = new LiveTimerState();
    live.setDefinition(timer.definition());
    live.setAnchor(timer.anchor());
    live.setCursor(timer.cursor());
    live.setLastOutcome(nullable(timer.lastOutcome()));
    live.setFirings(timer.firings());
    live.setNext(toRecord(timer.next()));
    if (timer.inFlight() != null) {
      live.setInFlight(new InFlight(timer.inFlight(), timer.inFlightSince()));
    }
    live.setPauseOverride(timer.pauseOverride());
    live.setRecentCommands(timer.recentCommands());
    live.setRecentRetries(timer.recentRetries());
    Completed completed = timer.completed();
    if (completed != null) {
      live.setCompleted(new Completion(completed.at(), completed.firings(), completed.instance()));
    }
    return live;
  }

  private static Object toRecord(NextFiring next) {
    if (next instanceof NextFiring.Scheduled scheduled) {
      Scheduled record = new Scheduled();
      record.setNominal(scheduled.nominal());
      record.setDue(scheduled.due());
      return record;
    }
    if (next instanceof NextFiring.Held held) {
      Held record = new Held();
      record.setNominal(held.nominal());
      return record;
    }
    if (next instanceof NextFiring.AwaitingOutcome awaiting) {
      AwaitingOutcome record = new AwaitingOutcome();
      record.setPresumedLostAt(awaiting.indexed() ? awaiting.presumedLostAt() : null);
      return record;
    }
    if (next instanceof NextFiring.Retired retired) {
      Retired record = new Retired();
      record.setRemoveAt(retired.removeAt());
      return record;
    }
    return new Unscheduled();
  }

  private static DeletionMarkerState toRecord(DeletionMarker marker) {
    DeletionMarkerState record = new DeletionMarkerState();
    record.setDefinition(marker.definition());
    record.setAnchor(marker.anchor());
    record.setCursor(marker.cursor());
    record.setLastOutcome(nullable(marker.lastOutcome()));
    record.setRemoveAt(marker.removeAt());
    return record;
  }

  private static LiveTimer fromRecord(LiveTimerState live) {
    InFlight inFlight = live.getInFlight();
    Completion completion = live.getCompleted();
    return LiveTimer.builder()
        .definition(live.getDefinition())
        .anchor(live.getAnchor())
        .cursor(live.getCursor())
        .lastOutcome(orNone(live.getLastOutcome()))
        .firings(live.getFirings())
        .next(fromRecord(live.getNext()))
        .inFlight(
            inFlight == null ? null : inFlight.getInvocationId(),
            inFlight == null ? TimerState.NONE : inFlight.getSince())
        .pauseOverride(live.getPauseOverride())
        .recentCommands(live.getRecentCommands())
        .recentRetries(live.getRecentRetries())
        .completed(
            completion == null
                ? null
                : new Completed(
                    completion.getAt(), completion.getFirings(), completion.getInstance()))
        .build();
  }

  private static NextFiring fromRecord(Object next) {
    if (next instanceof Scheduled scheduled) {
      return new NextFiring.Scheduled(scheduled.getNominal(), scheduled.getDue());
    }
    if (next instanceof Held held) {
      return new NextFiring.Held(held.getNominal());
    }
    if (next instanceof AwaitingOutcome awaiting) {
      Long presumedLostAt = awaiting.getPresumedLostAt();
      return new NextFiring.AwaitingOutcome(
          presumedLostAt == null ? NextFiring.AwaitingOutcome.NEVER : presumedLostAt);
    }
    if (next instanceof Unscheduled) {
      return NextFiring.UNSCHEDULED;
    }
    if (next instanceof Retired retired) {
      return new NextFiring.Retired(retired.getRemoveAt());
    }
    throw new SerializationException("unknown next firing " + next);
  }

  private static DeletionMarker fromRecord(DeletionMarkerState marker) {
    return new DeletionMarker(
        marker.getDefinition(),
        marker.getAnchor(),
        marker.getCursor(),
        orNone(marker.getLastOutcome()),
        marker.getRemoveAt());
  }

  private static Long nullable(long epochMillis) {
    return epochMillis == TimerState.NONE ? null : epochMillis;
  }

  private static long orNone(Long epochMillis) {
    return epochMillis == null ? TimerState.NONE : epochMillis;
  }
}

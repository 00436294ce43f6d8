package io.punctual.scheduler.internals.scheduling;

import io.punctual.InvalidTimerException;
import io.punctual.StatusType;
import io.punctual.scheduler.internals.NodeNames;
import io.punctual.scheduler.internals.state.LiveTimer;
import io.punctual.scheduler.internals.state.NextFiring;
import io.punctual.scheduler.internals.state.TimerState;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the timers store and the due index consistent: a timer's state is stored with its next
 * firing, and that firing is indexed unless the timer is paused, done, or awaiting an outcome. One
 * instance per processor; the stores are those of the stream task.
 */
public final class ScheduleKeeper {
  private static final Logger LOG = LoggerFactory.getLogger(ScheduleKeeper.class);

  /**
   * How long a deleted timer's marker outlives the last instant it fired: a definition of the same
   * id written before that instant, read later still, starts after it.
   */
  static final long MARKER_RETENTION_MS = 3_600_000;

  /**
   * How long a fired one-shot timer's state outlives the bound of its invocation ({@link
   * InFlightBound}: its attempts, retries and outcome): the same definition written again
   * meanwhile, e.g. by a producer that sends twice, does not fire again.
   */
  static final long RETIRED_RETENTION_MS = 3_600_000;

  private final KeyValueStore<String, TimerState> timers;
  private final DueIndex index;
  private final Emitter emitter;
  private final FiringPlans plans = new FiringPlans();

  public ScheduleKeeper(
      ProcessorContext<Object, Object> context, Emitter emitter, DueIndexes indexes) {
    this.timers = context.getStateStore(NodeNames.TIMERS_STORE);
    KeyValueStore<Bytes, byte[]> indexStore = context.getStateStore(NodeNames.DUE_INDEX_STORE);
    this.index = indexes.of(context.taskId(), indexStore);
    this.emitter = emitter;
  }

  public DueIndex index() {
    return index;
  }

  FiringPlans plans() {
    return plans;
  }

  /** The timer's state, or null when there is no timer (a deleted timer's marker is none). */
  public LiveTimer get(String timerId) {
    return timers.get(timerId) instanceof LiveTimer timer ? timer : null;
  }

  /** What is stored for the id: a timer's state, a deleted timer's marker, or null. */
  TimerState stored(String timerId) {
    return timers.get(timerId);
  }

  /** Stores a state whose next firing is unchanged. */
  public void put(String timerId, LiveTimer state) {
    timers.put(timerId, state);
  }

  /** Forgets a timer (or a marker) and its indexed regular firing. */
  void delete(String timerId, TimerState state) {
    unindex(timerId, state);
    timers.put(timerId, null);
  }

  /** Removes what is stored for the id, once its index entry was taken. */
  void forget(String timerId) {
    timers.put(timerId, null);
  }

  /**
   * Deletes a timer on a tombstone written at {@code deletedAt}. When its schedule had already
   * fired at or past that time (the tombstone is applied late, e.g. by a task catching up), a
   * marker keeps where the schedule stood for {@link #MARKER_RETENTION_MS} past both now and its
   * last instant, so that a definition of the same id written in between starts after it: no
   * instant fires twice.
   */
  void deleteOnTombstone(String timerId, LiveTimer state, long deletedAt, long now) {
    unindex(timerId, state);
    if (state.cursor() < deletedAt) {
      timers.put(timerId, null);
      return;
    }
    long forgetAt = Math.max(now, state.cursor()) + MARKER_RETENTION_MS;
    index.put(forgetAt, timerId);
    timers.put(timerId, state.deletionMarker(forgetAt));
  }

  /** Removes the state's regular firing from the index, if it is indexed. */
  public void unindex(String timerId, TimerState state) {
    if (state.indexed()) {
      index.delete(state.indexedAt(), timerId);
    }
  }

  /**
   * The plan of a stored timer, or null when it can no longer be scheduled (then it is dropped).
   */
  public FiringPlan planOrDrop(String timerId, TimerState state) {
    try {
      return plans.plan(timerId, state);
    } catch (InvalidTimerException e) {
      LOG.error("timer {} can no longer be scheduled; it is dropped: {}", timerId, e.getMessage());
      delete(timerId, state);
      emitter.status(
          StatusType.FAILED,
          timerId,
          state.definition(),
          null,
          "timer dropped, it can no longer be scheduled: " + e.getMessage());
      return null;
    }
  }

  /**
   * Parks a timer that threw while it was handled: it stays stored, fires nothing and indexes
   * nothing until a new definition replaces it, and a {@code FAILED} event names the cause. The
   * other timers of the task go on.
   */
  public void park(String timerId, RuntimeException cause) {
    LOG.error("timer {} is parked: handling it failed", timerId, cause);
    emitter.parked();
    if (!(timers.get(timerId) instanceof LiveTimer state)) {
      emitter.status(StatusType.FAILED, timerId, null, null, null, "timer not handled: " + cause);
      return;
    }
    unindex(timerId, state);
    timers.put(timerId, state.withNext(NextFiring.UNSCHEDULED));
    emitter.status(
        StatusType.FAILED,
        timerId,
        state.definition(),
        null,
        "timer parked until it is defined again: " + cause);
  }

  /** The plan of a stored timer, or null when it can no longer be scheduled (it is kept). */
  FiringPlan planOrNull(String timerId, TimerState state) {
    try {
      return plans.plan(timerId, state);
    } catch (InvalidTimerException e) {
      return null;
    }
  }

  /**
   * A one-shot timer that fired, indexed for its removal: at the removal it already had, else once
   * its invocation's bound and {@link #RETIRED_RETENTION_MS} have passed.
   */
  private LiveTimer retired(String timerId, LiveTimer state) {
    long removeAt =
        state.next() instanceof NextFiring.Retired retired
            ? retired.removeAt()
            : emitter.now() + InFlightBound.millis(state.definition()) + RETIRED_RETENTION_MS;
    index.put(removeAt, timerId);
    return state.withNext(new NextFiring.Retired(removeAt));
  }

  /**
   * Computes the next firing after the state's cursor, indexes it unless paused, and stores the
   * state. A timer awaiting an outcome is indexed when it will presume that outcome lost. A timer
   * that had a next firing ({@code hadNext}) and has none now publishes {@code COMPLETED}, which
   * its state keeps for the history ({@link LiveTimer#completed()}).
   */
  public void reschedule(String timerId, LiveTimer state, FiringPlan plan, boolean hadNext) {
    LiveTimer next = next(timerId, state, plan);
    if (hadNext && !next.hasNext()) {
      next =
          retireCompletion(timerId, next)
              .withCompleted(emitter.completed(timerId, next.definition(), next.firings()));
    }
    timers.put(timerId, next);
  }

  /**
   * The state without the {@code COMPLETED} event it keeps for the history, which moves into the
   * history store: called before a new definition or a new completion replaces it.
   */
  LiveTimer retireCompletion(String timerId, LiveTimer state) {
    if (state.completed() == null) {
      return state;
    }
    emitter.keepInHistory(state.completed().event(timerId, state.definition().getNamespace()));
    return state.withCompleted(null);
  }

  private LiveTimer next(String timerId, LiveTimer state, FiringPlan plan) {
    long nominal = plan.nextNominal(state.cursor(), state.firings());
    if (nominal == TimerState.NONE) {
      return plan.recurring() ? state.withNext(NextFiring.UNSCHEDULED) : retired(timerId, state);
    }
    if (plan.awaitsOutcome() && state.inFlight() != null) {
      long expiry = InFlightBound.expiry(state);
      index.put(expiry, timerId);
      return state.withNext(new NextFiring.AwaitingOutcome(expiry));
    }
    if (state.paused()) {
      return state.withNext(new NextFiring.Held(nominal));
    }
    long due = plan.due(nominal);
    index.put(due, timerId);
    return state.withNext(new NextFiring.Scheduled(nominal, due));
  }
}

package io.punctual.scheduler.internals.scheduling;

import io.punctual.TimerDefinition;
import io.punctual.scheduler.internals.faults.Faults;
import io.punctual.scheduler.internals.metrics.SchedulerMeters;
import io.punctual.scheduler.internals.state.LiveTimer;
import io.punctual.scheduler.internals.state.NextFiring;
import io.punctual.scheduler.internals.state.StatusHistory;
import io.punctual.scheduler.internals.state.TimerState;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Keeps each timer's state and its next firing in the due index, and fires what is due from a
 * wall-clock punctuator: in due order, within a time budget per run, never before the instant (less
 * the configured lookahead). Retries sent back by the executor share the index and the order.
 *
 * <p>A new definition record clears the pause override a PAUSE or RESUME command set: from then on
 * the definition's {@code paused} flag decides again.
 */
public final class TimerSchedulerProcessor
    implements Processor<String, TimerDefinition, Object, Object> {
  private static final int BATCH = 256;
  private static final long BACKLOG_RECOUNT_NANOS = 1_000_000_000L;

  private final SchedulingSettings settings;
  private final SchedulerMeters meters;
  private final LongSupplier nanoTime;
  private final DueIndexes indexes;
  private final InputPaces paces;
  private TaskId task;
  private WallClock clock;
  private ScheduleKeeper keeper;
  private ConcurrencyGate gate;
  private MisfireHandler misfires;
  private RetryFirings retries;
  private KafkaDeliveries deliveries;
  private FinalOutcomes outcomes;
  private StatusHistory history;
  private SchedulerMeters.Backlog backlog;
  private long backlogCountedAt;
  private boolean backlogCounted;
  private boolean resting;
  private long restFrom;
  private long restFired;

  /**
   * @param settings the scheduling settings
   * @param meters the instance's meters
   * @param nanoTime a monotonic clock in nanoseconds for the punctuation's time budget (the
   *     context's wall clock is cached per loop of the stream thread, so it does not move while a
   *     punctuation runs)
   * @param indexes the due index of each task, shared with the task's other processors
   * @param paces how long a run that its budget cut short rests while input lags
   */
  public TimerSchedulerProcessor(
      SchedulingSettings settings,
      SchedulerMeters meters,
      LongSupplier nanoTime,
      DueIndexes indexes,
      InputPaces paces) {
    this.settings = settings;
    this.meters = meters;
    this.nanoTime = nanoTime;
    this.indexes = indexes;
    this.paces = paces;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.task = context.taskId();
    this.clock = new WallClock(context, nanoTime);
    this.history = StatusHistory.of(context, settings.historySize(), settings.activity());
    this.deliveries = KafkaDeliveries.of(context, settings.kafkaTargets(), indexes);
    Emitter emitter =
        new Emitter(context, settings.instance(), meters, history, deliveries, clock::millis);
    this.keeper = new ScheduleKeeper(context, emitter, indexes);
    keeper.index().resetFloor();
    this.gate = new ConcurrencyGate(emitter);
    this.misfires = new MisfireHandler(settings, emitter, gate);
    this.retries = new RetryFirings(keeper, emitter);
    this.outcomes = new FinalOutcomes(keeper);
    this.backlog = meters.openBacklog(context.taskId().partition());
    context.schedule(settings.punctuateInterval(), PunctuationType.WALL_CLOCK_TIME, this::fireDue);
  }

  @Override
  public void process(Record<String, TimerDefinition> record) {
    try {
      define(record);
    } catch (RuntimeException e) {
      Faults.rethrowInfrastructure(e);
      keeper.park(record.key(), e);
    }
  }

  private void define(Record<String, TimerDefinition> record) {
    String timerId = record.key();
    TimerState stored = keeper.stored(timerId);
    TimerDefinition definition = record.value();
    if (definition == null) {
      if (stored instanceof LiveTimer timer) {
        keeper.deleteOnTombstone(timerId, timer, record.timestamp(), clock.millis());
        history.purge(timerId);
      }
      return;
    }
    if (stored != null) {
      keeper.unindex(timerId, stored);
    }
    deliveries.prepare(definition);
    LiveTimer old = stored instanceof LiveTimer timer ? timer : null;
    boolean scheduleChanged =
        old == null || !Objects.equals(old.definition().getSchedule(), definition.getSchedule());
    long anchor = scheduleChanged ? record.timestamp() : old.anchor();
    long lastOutcome = scheduleChanged ? TimerState.NONE : old.lastOutcome();
    FiringPlan plan = keeper.plans().plan(timerId, definition, anchor, lastOutcome);
    long cursor;
    if (!scheduleChanged) {
      cursor = old.cursor();
    } else {
      cursor =
          stored == null
              ? plan.initialCursor(anchor)
              : plan.replacingCursor(anchor, stored.cursor(), keeper.planOrNull(timerId, stored));
    }
    LiveTimer state =
        (old == null ? LiveTimer.builder() : keeper.retireCompletion(timerId, old).toBuilder())
            .definition(definition)
            .anchor(anchor)
            .cursor(cursor)
            .next(NextFiring.UNSCHEDULED)
            .lastOutcome(lastOutcome)
            .pauseOverride(null)
            .build();
    boolean hadNext = old == null || old.hasNext();
    keeper.reschedule(timerId, state, plan, hadNext);
  }

  @Override
  public void close() {
    if (backlog != null) {
      backlog.close();
    }
  }

  /**
   * Fires what is due, in due order, until nothing is or the budget is spent; then, when the budget
   * cut it short while input lags, rests until nothing lags or input has had its share (see {@link
   * InputPace}).
   */
  private void fireDue(long punctuationTime) {
    long start = nanoTime.getAsLong();
    InputPace pace = paces.ofThisThread();
    if (resting) {
      if (start - restFrom < pace.rest(restFired, start)) {
        return;
      }
      resting = false;
      meters.rested(start - restFrom);
    }
    long deadline = start + settings.punctuateBudgetMs() * 1_000_000;
    boolean more;
    do {
      long now = clock.millis();
      List<DueIndex.Entry> due = keeper.index().takeDueUpTo(now + settings.lookaheadMs(), BATCH);
      boolean fired = false;
      for (DueIndex.Entry entry : due) {
        fired |= fireOrPark(entry, now);
      }
      more = fired;
    } while (more && nanoTime.getAsLong() - deadline < 0);
    boolean cutShort = more;
    long end = nanoTime.getAsLong();
    pace.ran(task, cutShort, end);
    restFrom = end;
    restFired = end - start;
    resting = cutShort && pace.rest(restFired, end) > 0;
    recordBacklog(cutShort);
  }

  /**
   * Records what this run left due: nothing when it finished; when its budget cut it short, a
   * count, redone at most once a second so that a long backlog is not rescanned at every run.
   */
  private void recordBacklog(boolean cutShort) {
    long now = clock.millis();
    if (!cutShort) {
      backlog.update(0, now, now);
      return;
    }
    long counting = nanoTime.getAsLong();
    if (backlogCounted && counting - backlogCountedAt < BACKLOG_RECOUNT_NANOS) {
      return;
    }
    backlogCounted = true;
    backlogCountedAt = counting;
    List<DueIndex.Entry> left =
        keeper.index().dueUpTo(now + settings.lookaheadMs(), SchedulerMeters.BACKLOG_COUNT_LIMIT);
    backlog.update(left.size(), left.isEmpty() ? now : left.get(0).due(), now);
  }

  /**
   * Fires an entry; a timer that throws is parked, and the run goes on with the next entry. An
   * entry taken ahead of its instant (the lookahead) whose target the scheduler writes itself is
   * put back: its record may not be written before the instant.
   *
   * @return false when the entry was put back
   */
  private boolean fireOrPark(DueIndex.Entry entry, long now) {
    try {
      if (entry.due() > now && writtenHere(entry.timerId())) {
        keeper.index().putBack(entry);
        return false;
      }
      if (entry.retry()) {
        retries.fire(entry);
      } else {
        fire(entry, now);
      }
      for (KafkaDeliveries.Finished done : deliveries.takeFinished()) {
        outcomes.finish(done.timerId(), done.invocationId(), Instant.ofEpochMilli(done.at()));
      }
    } catch (RuntimeException e) {
      Faults.rethrowInfrastructure(e);
      deliveries.takeFinished();
      keeper.park(entry.timerId(), e);
    }
    return true;
  }

  /** Whether the timer's firings are written by the scheduler itself (a Kafka target). */
  private boolean writtenHere(String timerId) {
    return keeper.stored(timerId) instanceof LiveTimer timer
        && KafkaDeliveries.delivers(timer.definition());
  }

  private void fire(DueIndex.Entry entry, long now) {
    String timerId = entry.timerId();
    TimerState stored = keeper.stored(timerId);
    if (stored == null || !stored.indexed() || stored.indexedAt() != entry.due()) {
      return;
    }
    if (!(stored instanceof LiveTimer state)) {
      keeper.forget(timerId);
      return;
    }
    if (state.next() instanceof NextFiring.Retired) {
      // a fired one-shot's time is up: its state and history end as tombstones
      keeper.forget(timerId);
      history.purge(timerId);
      return;
    }
    FiringPlan plan = keeper.planOrDrop(timerId, state);
    if (plan == null) {
      return;
    }
    if (!(state.next() instanceof NextFiring.Scheduled scheduled)) {
      // the only other position indexed: the awaited outcome is now presumed lost
      gate.presumeLost(timerId, state.definition(), state.inFlight());
      LiveTimer done = state.finished(now);
      keeper.reschedule(timerId, done, keeper.plans().plan(timerId, done), true);
      return;
    }
    LiveTimer fired;
    if (now - entry.due() > settings.misfireThresholdMs()) {
      fired = misfires.catchUp(timerId, state, scheduled.nominal(), plan, now);
    } else {
      ConcurrencyGate.Admission admission =
          gate.fire(
              timerId, state.definition(), plan, ConcurrencyGate.current(state), entry.due(), 1);
      fired =
          state.fired(
              scheduled.nominal(),
              admission.sent(),
              admission.inFlight(),
              admission.inFlightSince());
    }
    keeper.reschedule(timerId, fired, plan, true);
  }
}

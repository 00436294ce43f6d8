package io.punctual.scheduler.internals;

import io.punctual.InvalidTimerException;
import io.punctual.StatusType;
import io.punctual.TimerDefinition;
import io.punctual.scheduler.topology.NodeNames;
import java.util.List;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each timer's state and its next firing in the due index, and fires what is due from a
 * wall-clock punctuator: in due order, within a time budget per run, never before the instant (less
 * the configured lookahead).
 */
public final class TimerSchedulerProcessor
    implements Processor<String, TimerDefinition, String, SpecificRecord> {
  private static final Logger LOG = LoggerFactory.getLogger(TimerSchedulerProcessor.class);
  private static final int BATCH = 256;

  private final SchedulingSettings settings;
  private final FiringPlans plans = new FiringPlans();
  private ProcessorContext<String, SpecificRecord> context;
  private KeyValueStore<String, TimerState> timers;
  private DueIndex index;
  private Emitter emitter;
  private MisfireHandler misfires;

  public TimerSchedulerProcessor(SchedulingSettings settings) {
    this.settings = settings;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.timers = context.getStateStore(NodeNames.TIMERS_STORE);
    KeyValueStore<Bytes, byte[]> indexStore = context.getStateStore(NodeNames.DUE_INDEX_STORE);
    this.index = new DueIndex(indexStore);
    this.emitter = new Emitter(context, settings.instance());
    this.misfires = new MisfireHandler(settings, emitter);
    context.schedule(settings.punctuateInterval(), PunctuationType.WALL_CLOCK_TIME, this::fireDue);
  }

  @Override
  public void process(Record<String, TimerDefinition> record) {
    String timerId = record.key();
    TimerState old = timers.get(timerId);
    if (old != null && old.indexed()) {
      index.delete(old.nextDue(), timerId);
    }
    TimerDefinition definition = record.value();
    if (definition == null) {
      timers.delete(timerId);
      return;
    }
    boolean scheduleChanged =
        old == null || !Objects.equals(old.definition().getSchedule(), definition.getSchedule());
    long anchor = scheduleChanged ? record.timestamp() : old.anchor();
    FiringPlan plan = plans.plan(timerId, definition, anchor);
    long cursor = scheduleChanged ? plan.initialCursor(anchor) : old.cursor();
    long firings = old == null ? 0 : old.firings();
    TimerState state =
        new TimerState(definition, anchor, cursor, TimerState.NONE, TimerState.NONE, firings);
    boolean hadNext = old == null || old.nextNominal() != TimerState.NONE;
    save(timerId, reschedule(timerId, state, plan), hadNext);
  }

  private void fireDue(long punctuationTime) {
    long deadline = context.currentSystemTimeMs() + settings.punctuateBudgetMs();
    while (true) {
      long now = context.currentSystemTimeMs();
      List<DueIndex.Entry> due = index.dueUpTo(now + settings.lookaheadMs(), BATCH);
      if (due.isEmpty()) {
        return;
      }
      for (DueIndex.Entry entry : due) {
        fire(entry, now);
      }
      if (context.currentSystemTimeMs() >= deadline) {
        return;
      }
    }
  }

  private void fire(DueIndex.Entry entry, long now) {
    index.delete(entry.due(), entry.timerId());
    TimerState state = timers.get(entry.timerId());
    if (state == null || state.nextDue() != entry.due()) {
      return;
    }
    FiringPlan plan;
    try {
      plan = plans.plan(entry.timerId(), state.definition(), state.anchor());
    } catch (InvalidTimerException e) {
      LOG.error(
          "timer {} can no longer be scheduled; it is dropped: {}",
          entry.timerId(),
          e.getMessage());
      timers.delete(entry.timerId());
      return;
    }
    TimerState fired;
    if (now - entry.due() > settings.misfireThresholdMs()) {
      fired = misfires.catchUp(entry.timerId(), state, plan, now);
    } else {
      emitter.invocation(entry.timerId(), state.definition(), entry.due(), 1);
      fired = state.advanced(state.nextNominal(), 1);
    }
    save(entry.timerId(), reschedule(entry.timerId(), fired, plan), true);
  }

  /** Computes the next firing after the state's cursor and indexes it unless paused. */
  private TimerState reschedule(String timerId, TimerState state, FiringPlan plan) {
    long nominal = plan.nextNominal(state.cursor(), state.firings());
    if (nominal == TimerState.NONE) {
      return state.withNext(TimerState.NONE, TimerState.NONE);
    }
    if (state.definition().getPaused()) {
      return state.withNext(nominal, TimerState.NONE);
    }
    long due = plan.due(nominal);
    index.put(due, timerId);
    return state.withNext(nominal, due);
  }

  private void save(String timerId, TimerState state, boolean hadNext) {
    timers.put(timerId, state);
    if (hadNext && state.nextNominal() == TimerState.NONE) {
      emitter.status(
          StatusType.COMPLETED,
          timerId,
          state.definition(),
          null,
          "no further instant: schedule, endAt or maxFirings reached after "
              + state.firings()
              + " firings");
    }
  }
}

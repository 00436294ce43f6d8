package io.punctual.scheduler.internals.commands;

import io.punctual.CommandType;
import io.punctual.StatusType;
import io.punctual.TimerCommand;
import io.punctual.scheduler.internals.faults.Faults;
import io.punctual.scheduler.internals.metrics.SchedulerMeters;
import io.punctual.scheduler.internals.scheduling.ConcurrencyGate;
import io.punctual.scheduler.internals.scheduling.DueIndexes;
import io.punctual.scheduler.internals.scheduling.Emitter;
import io.punctual.scheduler.internals.scheduling.FinalOutcomes;
import io.punctual.scheduler.internals.scheduling.KafkaDeliveries;
import io.punctual.scheduler.internals.scheduling.ScheduleKeeper;
import io.punctual.scheduler.internals.scheduling.SchedulingSettings;
import io.punctual.scheduler.internals.state.LiveTimer;
import io.punctual.scheduler.internals.state.StatusHistory;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies validated commands to the timer they name, in the task that owns it: {@code TRIGGER} and
 * {@code BACKFILL} through {@link ManualFirings}, {@code PAUSE} and {@code RESUME} through {@link
 * PauseSwitch}. A command about a timer this task does not know is reported {@code REJECTED}. A
 * {@code TRIGGER} or {@code BACKFILL} whose id the timer remembers (its last {@value
 * LiveTimer#REMEMBERED_COMMANDS}) fires nothing again.
 */
public final class TimerCommandProcessor
    implements Processor<String, TimerCommand, Object, Object> {
  private static final Logger LOG = LoggerFactory.getLogger(TimerCommandProcessor.class);

  private final SchedulingSettings settings;
  private final SchedulerMeters meters;
  private ProcessorContext<Object, Object> context;
  private ScheduleKeeper keeper;
  private Emitter emitter;
  private ManualFirings firings;
  private FinalOutcomes outcomes;
  private PauseSwitch pauses;

  private final DueIndexes indexes;

  /**
   * @param settings the scheduling settings
   * @param meters the instance's meters
   * @param indexes the due index of each task, shared with the task's other processors
   */
  public TimerCommandProcessor(
      SchedulingSettings settings, SchedulerMeters meters, DueIndexes indexes) {
    this.settings = settings;
    this.meters = meters;
    this.indexes = indexes;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.emitter =
        new Emitter(
            context,
            settings.instance(),
            meters,
            StatusHistory.of(context, settings.historySize(), settings.activity()),
            KafkaDeliveries.of(context, settings.kafkaTargets(), indexes));
    this.keeper = new ScheduleKeeper(context, emitter, indexes);
    this.outcomes = new FinalOutcomes(keeper);
    this.firings =
        new ManualFirings(
            keeper, new ConcurrencyGate(emitter), emitter, settings.backfillMaxFirings());
    this.pauses = new PauseSwitch(keeper);
  }

  @Override
  public void process(Record<String, TimerCommand> record) {
    try {
      apply(record);
    } catch (RuntimeException e) {
      Faults.rethrowInfrastructure(e);
      emitter.deliveries().takeFinished();
      keeper.park(record.key(), e);
    }
  }

  private void apply(Record<String, TimerCommand> record) {
    command(record);
    for (KafkaDeliveries.Finished done : emitter.deliveries().takeFinished()) {
      outcomes.finish(done.timerId(), done.invocationId(), Instant.ofEpochMilli(done.at()));
    }
  }

  private void command(Record<String, TimerCommand> record) {
    TimerCommand command = record.value();
    String timerId = record.key();
    LiveTimer state = keeper.get(timerId);
    if (state == null) {
      emitter.status(
          StatusType.REJECTED,
          timerId,
          null,
          ManualFirings.invocationIdOf(command),
          null,
          ManualFirings.describe(command) + ": no timer " + timerId);
      return;
    }
    CommandType type = command.getType();
    boolean fires = type == CommandType.TRIGGER || type == CommandType.BACKFILL;
    if (fires && state.remembers(command.getCommandId())) {
      LOG.info("ignored repeated {}", ManualFirings.describe(command));
      return;
    }
    long now = context.currentSystemTimeMs();
    switch (type) {
      case TRIGGER -> firings.trigger(timerId, state, command, now);
      case BACKFILL -> firings.backfill(timerId, state, command);
      case PAUSE -> pauses.set(timerId, state, true);
      case RESUME -> pauses.set(timerId, state, false);
      default -> LOG.warn("ignored {}", ManualFirings.describe(command));
    }
  }
}

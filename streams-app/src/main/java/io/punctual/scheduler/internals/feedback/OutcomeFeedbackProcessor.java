package io.punctual.scheduler.internals.feedback;

import io.punctual.InvalidTimerException;
import io.punctual.InvocationHeaders;
import io.punctual.StatusEvent;
import io.punctual.scheduler.SchedulerActivity;
import io.punctual.scheduler.internals.faults.Faults;
import io.punctual.scheduler.internals.faults.SkippedRecords;
import io.punctual.scheduler.internals.intake.TimerValidator;
import io.punctual.scheduler.internals.metrics.SchedulerMeters;
import io.punctual.scheduler.internals.scheduling.DueIndexes;
import io.punctual.scheduler.internals.scheduling.Emitter;
import io.punctual.scheduler.internals.scheduling.FinalOutcomes;
import io.punctual.scheduler.internals.scheduling.InputPace;
import io.punctual.scheduler.internals.scheduling.InputPaces;
import io.punctual.scheduler.internals.scheduling.KafkaDeliveries;
import io.punctual.scheduler.internals.scheduling.RetryFirings;
import io.punctual.scheduler.internals.scheduling.ScheduleKeeper;
import io.punctual.scheduler.internals.state.StatusHistory;
import io.punctual.serde.SchemaRegistryException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the outcomes the executor publishes on {@code punctual.status} back into the schedule:
 * {@code RETRY_SCHEDULED} becomes a one-off firing of the next attempt ({@link RetryFirings}), and
 * a final outcome ({@code SUCCEEDED}, {@code DEAD_LETTERED}, {@code CANCELLED}) ends the wait of a
 * timer that tracks its invocation in flight ({@link FinalOutcomes}). Every other event changes
 * nothing in the schedule. Every event of a valid timer id is kept in the timer's bounded {@link
 * StatusHistory} without reading the timer (readers see only the events of its namespace).
 *
 * <p>The scheduler's own events (header {@link InvocationHeaders#SOURCE}) were kept in the history
 * in the transaction that published them: they are passed over undecoded, and only tell the input
 * pacing how far behind the thread reads. A record that cannot be read is logged and skipped.
 */
public final class OutcomeFeedbackProcessor implements Processor<byte[], byte[], Object, Object> {
  private static final Logger LOG = LoggerFactory.getLogger(OutcomeFeedbackProcessor.class);

  private final Deserializer<StatusEvent> deserializer;
  private final String instance;
  private final int historySize;
  private final SchedulerActivity activity;
  private final SchedulerMeters meters;
  private final DueIndexes indexes;
  private final InputPaces paces;
  private final KafkaDeliveries.Targets kafkaTargets;
  private ProcessorContext<Object, Object> context;
  private ScheduleKeeper keeper;
  private RetryFirings retries;
  private FinalOutcomes outcomes;
  private StatusHistory history;
  private SkippedRecords skipped;

  /**
   * @param deserializer reads status events (JSON or Confluent-framed Avro)
   * @param instance the name of this scheduler instance in the status events it publishes
   * @param historySize how many events the history keeps per timer
   * @param activity where the events kept in the history are counted
   * @param meters the instance's meters (retries emitted)
   * @param indexes the due index of each task, shared with the task's other processors
   * @param paces told of each event and how late it is (from its own time): an executor's outcomes
   *     are input, this instance's own events the echo of its firings
   * @param kafkaTargets where Kafka targets may be delivered (this processor delivers none, but its
   *     emitter serves every kind of timer)
   */
  public OutcomeFeedbackProcessor(
      Deserializer<StatusEvent> deserializer,
      String instance,
      int historySize,
      SchedulerActivity activity,
      SchedulerMeters meters,
      DueIndexes indexes,
      InputPaces paces,
      KafkaDeliveries.Targets kafkaTargets) {
    this.deserializer = deserializer;
    this.instance = instance;
    this.historySize = historySize;
    this.activity = activity;
    this.meters = meters;
    this.indexes = indexes;
    this.paces = paces;
    this.kafkaTargets = kafkaTargets;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.history = StatusHistory.of(context, historySize, activity);
    Emitter emitter =
        new Emitter(
            context, instance, meters, history, KafkaDeliveries.of(context, kafkaTargets, indexes));
    this.keeper = new ScheduleKeeper(context, emitter, indexes);
    this.retries = new RetryFirings(keeper, emitter);
    this.outcomes = new FinalOutcomes(keeper);
    this.skipped = new SkippedRecords("status event", "status", meters);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    if (InvocationHeaders.fromScheduler(record.headers())) {
      // kept in the history when it was published; the scheduler's events change no schedule
      paces.ofThisThread().echo(record.timestamp(), context.currentSystemTimeMs());
      return;
    }
    StatusEvent event = decode(record);
    if (event == null) {
      return;
    }
    InputPace pace = paces.ofThisThread();
    if (instance.equals(event.getInstance())) {
      pace.echo(event.getAt().toEpochMilli(), context.currentSystemTimeMs());
    } else {
      pace.input(event.getAt().toEpochMilli(), context.currentSystemTimeMs());
    }
    try {
      feedBack(event);
    } catch (RuntimeException e) {
      Faults.rethrowInfrastructure(e);
      keeper.park(event.getTimerId(), e);
    }
  }

  private void feedBack(StatusEvent event) {
    OutcomeKind kind = OutcomeKind.of(event.getType());
    boolean relevant = kind != OutcomeKind.IRRELEVANT && event.getInvocationId() != null;
    try {
      TimerValidator.validateId(event.getTimerId());
    } catch (InvalidTimerException e) {
      if (relevant) {
        LOG.warn("skipped status event {}: {}", origin(), e.getMessage());
      }
      return;
    }
    history.record(event, context.recordMetadata().map(RecordMetadata::offset).orElse(0L));
    if (!relevant) {
      return;
    }
    if (kind == OutcomeKind.RETRY) {
      scheduleRetry(event);
    } else {
      outcomes.finish(
          event.getTimerId(),
          event.getInvocationId(),
          event.getFinishedAt() != null ? event.getFinishedAt() : event.getAt());
    }
  }

  private void scheduleRetry(StatusEvent event) {
    if (event.getAttempt() == null || event.getAttempt() < 1 || event.getNextAttemptAt() == null) {
      LOG.warn(
          "skipped RETRY_SCHEDULED {} of timer {} invocation {}: it needs attempt >= 1 and"
              + " nextAttemptAt",
          origin(),
          event.getTimerId(),
          event.getInvocationId());
      return;
    }
    retries.schedule(
        event.getTimerId(),
        event.getInvocationId(),
        event.getAttempt(),
        event.getNextAttemptAt().toEpochMilli());
  }

  private StatusEvent decode(Record<byte[], byte[]> record) {
    if (record.value() == null) {
      return null;
    }
    String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("");
    try {
      return deserializer.deserialize(topic, record.headers(), record.value());
    } catch (SchemaRegistryException e) {
      throw e;
    } catch (RuntimeException e) {
      skipped.skip(origin(), e);
      return null;
    }
  }

  private String origin() {
    return context
        .recordMetadata()
        .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
        .orElse("unknown");
  }
}

package io.punctual.scheduler.internals;

import io.punctual.InvalidTimerException;
import io.punctual.TimerDefinition;
import io.punctual.contract.DefinitionRules;
import io.punctual.contract.ReservedTopics;
import io.punctual.scheduler.internals.state.LiveTimer;
import io.punctual.scheduler.internals.state.TimerState;
import io.punctual.scheduler.topology.NodeNames;
import io.punctual.serde.SchemaRegistryException;
import io.punctual.serde.TimerDefinitions;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Decodes and validates records of {@code punctual.timers}. A valid definition or a tombstone goes
 * on to the scheduler; anything else goes to the dead-letter topic with headers naming the error
 * and its origin, and a {@code REJECTED} status event ({@link Rejections}). No record stops the
 * stream thread, except when the schema registry itself cannot be reached (the record is not at
 * fault then).
 */
public final class TimerIntakeProcessor implements Processor<byte[], byte[], Object, Object> {
  private final Deserializer<?> deserializer;
  private final int maxRecordBytes;
  private final String instance;
  private final TimerValidator validator;
  private ProcessorContext<Object, Object> context;
  private Rejections rejections;
  private KeyValueStore<String, TimerState> timers;

  public TimerIntakeProcessor(
      Deserializer<?> deserializer,
      int maxRecordBytes,
      String instance,
      ReservedTopics reservedTopics) {
    this.validator = new TimerValidator(new FiringPlans(), reservedTopics);
    this.deserializer = deserializer;
    this.maxRecordBytes = maxRecordBytes;
    this.instance = instance;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.rejections = new Rejections(context, instance, "timer record");
    this.timers = context.getStateStore(NodeNames.TIMERS_STORE);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    String timerId;
    TimerDefinition definition = null;
    try {
      timerId = Rejections.decodeKey(record.key());
      TimerValidator.validateId(timerId);
      definition = record.value() == null ? null : decode(record);
      if (definition != null) {
        validator.validate(timerId, definition, record.timestamp());
        keepNamespace(timerId, definition);
        definition = DefinitionRules.canonical(timerId, definition);
      }
    } catch (SchemaRegistryException e) {
      throw e;
    } catch (RuntimeException e) {
      rejections.reject(
          record, Rejections.invalid(e), definition == null ? null : definition.getNamespace());
      return;
    }
    context.forward(
        new Record<Object, Object>(timerId, definition, record.timestamp()),
        NodeNames.TIMER_SCHEDULER);
  }

  /** Refuses a definition that would move an existing timer to another namespace. */
  private void keepNamespace(String timerId, TimerDefinition definition) {
    if (timers.get(timerId) instanceof LiveTimer existing
        && !existing.definition().getNamespace().equals(definition.getNamespace())) {
      throw new InvalidTimerException(
          "namespace",
          "timer "
              + timerId
              + " exists in another namespace; a timer's namespace never changes (delete it"
              + " first)");
    }
  }

  private TimerDefinition decode(Record<byte[], byte[]> record) {
    Rejections.checkSize(record.value(), maxRecordBytes);
    String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("");
    return TimerDefinitions.coerce(
        deserializer.deserialize(topic, record.headers(), record.value()));
  }
}

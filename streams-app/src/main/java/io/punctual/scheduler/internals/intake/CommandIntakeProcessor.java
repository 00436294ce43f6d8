package io.punctual.scheduler.internals.intake;

import io.punctual.InvalidTimerException;
import io.punctual.TimerCommand;
import io.punctual.scheduler.internals.NodeNames;
import io.punctual.scheduler.internals.commands.TimerCommandProcessor;
import io.punctual.serde.SchemaRegistryException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Decodes and validates records of {@code punctual.commands} ({@link CommandValidator}). A valid
 * command goes on to {@link TimerCommandProcessor}; anything else, a tombstone included, is
 * rejected like a bad timer record ({@link Rejections}).
 */
public final class CommandIntakeProcessor implements Processor<byte[], byte[], Object, Object> {
  private final Deserializer<TimerCommand> deserializer;
  private final int maxRecordBytes;
  private final String instance;
  private ProcessorContext<Object, Object> context;
  private Rejections rejections;

  /**
   * @param deserializer reads commands (JSON or Confluent-framed Avro)
   * @param maxRecordBytes larger records are rejected
   * @param instance the name of this scheduler instance in the status events it publishes
   */
  public CommandIntakeProcessor(
      Deserializer<TimerCommand> deserializer, int maxRecordBytes, String instance) {
    this.deserializer = deserializer;
    this.maxRecordBytes = maxRecordBytes;
    this.instance = instance;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.rejections = new Rejections(context, instance, "command");
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    String timerId;
    TimerCommand command;
    try {
      timerId = Rejections.decodeKey(record.key());
      TimerValidator.validateId(timerId);
      command = decode(record);
      CommandValidator.validate(timerId, command, context.currentSystemTimeMs());
    } catch (SchemaRegistryException e) {
      throw e;
    } catch (RuntimeException e) {
      rejections.reject(record, Rejections.invalid(e));
      return;
    }
    context.forward(
        new Record<Object, Object>(timerId, command, record.timestamp()), NodeNames.TIMER_COMMANDS);
  }

  private TimerCommand decode(Record<byte[], byte[]> record) {
    if (record.value() == null) {
      throw new InvalidTimerException(
          InvalidTimerException.WHOLE_RECORD, "a command cannot be null (a tombstone)");
    }
    Rejections.checkSize(record.value(), maxRecordBytes);
    String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("");
    return deserializer.deserialize(topic, record.headers(), record.value());
  }
}

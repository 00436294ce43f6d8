package io.punctual.scheduler.internals;

import io.punctual.InvalidTimerException;
import io.punctual.StatusEvent;
import io.punctual.StatusType;
import io.punctual.TimerDefinition;
import io.punctual.scheduler.topology.NodeNames;
import io.punctual.serde.SchemaRegistryException;
import io.punctual.serde.TimerDefinitions;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes and validates records of {@code punctual.timers}. A valid definition or a tombstone goes
 * on to the scheduler; anything else goes to the dead-letter topic with headers naming the error
 * and its origin, and a {@code REJECTED} status event. No record stops the stream thread, except
 * when the schema registry itself cannot be reached (the record is not at fault then).
 */
public final class TimerIntakeProcessor implements Processor<byte[], byte[], Object, Object> {
  private static final Logger LOG = LoggerFactory.getLogger(TimerIntakeProcessor.class);

  private final Deserializer<?> deserializer;
  private final int maxRecordBytes;
  private final String instance;
  private final TimerValidator validator = new TimerValidator(new FiringPlans());
  private ProcessorContext<Object, Object> context;

  public TimerIntakeProcessor(Deserializer<?> deserializer, int maxRecordBytes, String instance) {
    this.deserializer = deserializer;
    this.maxRecordBytes = maxRecordBytes;
    this.instance = instance;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    String origin = origin();
    String timerId;
    TimerDefinition definition;
    try {
      timerId = decodeKey(record.key());
      TimerValidator.validateId(timerId);
      definition = record.value() == null ? null : decode(record);
      if (definition != null) {
        validator.validate(timerId, definition, record.timestamp());
      }
    } catch (SchemaRegistryException e) {
      throw e;
    } catch (InvalidTimerException e) {
      reject(record, e, origin);
      return;
    } catch (RuntimeException e) {
      reject(
          record,
          new InvalidTimerException(InvalidTimerException.WHOLE_RECORD, e.toString(), e),
          origin);
      return;
    }
    context.forward(
        new Record<Object, Object>(timerId, definition, record.timestamp()),
        NodeNames.TIMER_SCHEDULER);
  }

  private TimerDefinition decode(Record<byte[], byte[]> record) {
    if (record.value().length > maxRecordBytes) {
      throw new InvalidTimerException(
          InvalidTimerException.WHOLE_RECORD,
          "record of "
              + record.value().length
              + " bytes exceeds punctual.max.record.bytes="
              + maxRecordBytes);
    }
    String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("");
    return TimerDefinitions.coerce(
        deserializer.deserialize(topic, record.headers(), record.value()));
  }

  private static String decodeKey(byte[] key) {
    if (key == null) {
      throw new InvalidTimerException("id", "the record has no key; the key is the timer id");
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(key))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidTimerException("id", "the record key is not valid UTF-8");
    }
  }

  private void reject(Record<byte[], byte[]> record, InvalidTimerException error, String origin) {
    String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
    LOG.warn("rejected timer record {} key '{}': {}", origin, key, error.getMessage());
    long now = context.currentSystemTimeMs();
    context.forward(
        DeadLetters.rejected(record, error, context.recordMetadata(), now),
        NodeNames.DEAD_LETTERS_SINK);
    StatusEvent event =
        StatusEvent.newBuilder()
            .setType(StatusType.REJECTED)
            .setTimerId(key)
            .setAt(Instant.ofEpochMilli(now))
            .setError(error.getMessage())
            .setOrigin(origin)
            .setInstance(instance)
            .build();
    context.forward(
        new Record<Object, Object>(key, event, now, InvocationHeaders.of(key, null, null, null)),
        NodeNames.STATUS_SINK);
  }

  private String origin() {
    return context
        .recordMetadata()
        .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
        .orElse("unknown");
  }
}

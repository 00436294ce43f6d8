package io.punctual.scheduler.internals.intake;

import io.punctual.InvalidTimerException;
import io.punctual.InvocationHeaders;
import io.punctual.StatusEvent;
import io.punctual.StatusType;
import io.punctual.contract.SourceHeaders;
import io.punctual.contract.Utf8Text;
import io.punctual.scheduler.internals.NodeNames;
import io.punctual.scheduler.internals.state.StatusHistory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rejects bad input records of an intake processor: the record goes to the dead-letter topic with
 * headers naming the error and its origin ({@link DeadLetters}), and a {@code REJECTED} status
 * event is published under the record's key and kept in the history of that id. A record naming its
 * source ({@link SourceHeaders#OUTBOX_ID}) has it at the start of the reason.
 */
final class Rejections {
  private static final Logger LOG = LoggerFactory.getLogger(Rejections.class);

  private final ProcessorContext<Object, Object> context;
  private final String instance;
  private final StatusHistory history;
  private final String kind;

  /**
   * @param kind what the input records are, for the log ("timer record", "command")
   */
  Rejections(
      ProcessorContext<Object, Object> context,
      String instance,
      StatusHistory history,
      String kind) {
    this.context = context;
    this.instance = instance;
    this.history = history;
    this.kind = kind;
  }

  /** The timer id a record key holds: UTF-8 text. */
  static String decodeKey(byte[] key) {
    if (key == null) {
      throw new InvalidTimerException("id", "the record has no key; the key is the timer id");
    }
    return Utf8Text.decode(key)
        .orElseThrow(() -> new InvalidTimerException("id", "the record key is not valid UTF-8"));
  }

  /** Refuses a value larger than {@code maxBytes}. */
  static void checkSize(byte[] value, int maxBytes) {
    if (value.length > maxBytes) {
      throw new InvalidTimerException(
          InvalidTimerException.WHOLE_RECORD,
          "record of " + value.length + " bytes exceeds punctual.max.record.bytes=" + maxBytes);
    }
  }

  /** The error a record failed with, as an invalid-input error naming its field. */
  static InvalidTimerException invalid(RuntimeException error) {
    return error instanceof InvalidTimerException invalid
        ? invalid
        : new InvalidTimerException(InvalidTimerException.WHOLE_RECORD, error.toString(), error);
  }

  /** Sends the record to the dead letters and publishes its {@code REJECTED} status event. */
  void reject(Record<byte[], byte[]> record, InvalidTimerException error) {
    reject(record, error, null);
  }

  /**
   * Sends the record to the dead letters and publishes its {@code REJECTED} status event, naming
   * the namespace the record claimed when it could be decoded (null otherwise): a rejected record
   * of another namespace stays out of the history of the timer stored under its key.
   */
  void reject(Record<byte[], byte[]> record, InvalidTimerException invalid, String namespace) {
    InvalidTimerException error = SourceHeaders.withSource(record.headers(), invalid);
    String origin = origin();
    String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
    LOG.warn("rejected {} {} key '{}': {}", kind, origin, key, error.getMessage());
    long now = context.currentSystemTimeMs();
    context.forward(
        DeadLetters.rejected(record, error, namespace, context.recordMetadata(), now),
        NodeNames.DEAD_LETTERS_SINK);
    StatusEvent event =
        StatusEvent.newBuilder()
            .setType(StatusType.REJECTED)
            .setTimerId(key)
            .setNamespace(namespace)
            .setAt(Instant.ofEpochMilli(now))
            .setError(error.getMessage())
            .setOrigin(origin)
            .setInstance(instance)
            .build();
    context.forward(
        new Record<Object, Object>(key, event, now, InvocationHeaders.ofScheduler(key, null, null)),
        NodeNames.STATUS_SINK);
    history.keep(event);
  }

  private String origin() {
    return context
        .recordMetadata()
        .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
        .orElse("unknown");
  }
}

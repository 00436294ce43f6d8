package io.punctual.scheduler.internals.intake;

import io.punctual.InvalidTimerException;
import io.punctual.InvocationHeaders;
import io.punctual.contract.DeadLetterHeaders;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Dead-letter records of the intake: the original key, value and headers, plus the {@link
 * DeadLetterHeaders} naming the error and the record's origin.
 */
public final class DeadLetters {
  private DeadLetters() {}

  static Record<Object, Object> rejected(
      Record<byte[], byte[]> original,
      InvalidTimerException error,
      String namespace,
      Optional<RecordMetadata> origin,
      long now) {
    Headers headers = withError(original.headers(), error, namespace);
    origin.ifPresent(m -> DeadLetterHeaders.origin(headers, m.topic(), m.partition(), m.offset()));
    return new Record<>(original.key(), original.value(), now, headers);
  }

  /**
   * The dead letter of a record the scheduler could not deliver for a timer of {@code namespace}:
   * its key, value and headers, plus the headers naming the error and the namespace.
   */
  public static Record<Object, Object> undeliverable(
      byte[] key,
      byte[] value,
      Headers headers,
      InvalidTimerException error,
      String namespace,
      long now) {
    return new Record<>(key, value, now, withError(headers, error, namespace));
  }

  /**
   * The dead letter of a record read at {@code topic}, {@code partition}, {@code offset}: its key,
   * value and headers as read, plus the headers naming the error and the origin.
   */
  public static Record<Object, Object> rejected(
      byte[] key,
      byte[] value,
      Headers original,
      InvalidTimerException error,
      String topic,
      int partition,
      long offset,
      long now) {
    Headers headers = withError(original, error, null);
    DeadLetterHeaders.origin(headers, topic, partition, offset);
    return new Record<>(key, value, now, headers);
  }

  private static Headers withError(
      Headers original, InvalidTimerException error, String namespace) {
    Headers headers = new RecordHeaders(original.toArray());
    DeadLetterHeaders.namespace(headers, namespace);
    DeadLetterHeaders.error(headers, error.getMessage());
    InvocationHeaders.add(headers, DeadLetterHeaders.ERROR_FIELD, error.field());
    Throwable cause = error.getCause() == null ? error : error.getCause();
    InvocationHeaders.add(headers, DeadLetterHeaders.ERROR_CLASS, cause.getClass().getName());
    return headers;
  }
}

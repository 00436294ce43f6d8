package io.punctual.scheduler.internals;

import io.punctual.InvalidTimerException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Dead-letter records: the original key, value and headers, plus headers naming the error and the
 * record's origin.
 */
public final class DeadLetters {
  public static final String ERROR = "punctual-error";
  public static final String ERROR_FIELD = "punctual-error-field";
  public static final String ERROR_CLASS = "punctual-error-class";
  public static final String ORIGIN_TOPIC = "punctual-origin-topic";
  public static final String ORIGIN_PARTITION = "punctual-origin-partition";
  public static final String ORIGIN_OFFSET = "punctual-origin-offset";

  private DeadLetters() {}

  static Record<Object, Object> rejected(
      Record<byte[], byte[]> original,
      InvalidTimerException error,
      Optional<RecordMetadata> origin,
      long now) {
    Headers headers = new RecordHeaders(original.headers().toArray());
    add(headers, ERROR, error.getMessage());
    add(headers, ERROR_FIELD, error.field());
    Throwable cause = error.getCause() == null ? error : error.getCause();
    add(headers, ERROR_CLASS, cause.getClass().getName());
    origin.ifPresent(
        m -> {
          add(headers, ORIGIN_TOPIC, m.topic());
          add(headers, ORIGIN_PARTITION, Integer.toString(m.partition()));
          add(headers, ORIGIN_OFFSET, Long.toString(m.offset()));
        });
    return new Record<>(original.key(), original.value(), now, headers);
  }

  private static void add(Headers headers, String name, String value) {
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}

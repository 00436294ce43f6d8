package io.punctual.connect.transforms;

import io.punctual.InvalidTimerException;
import io.punctual.StatusEvent;
import io.punctual.serde.PunctualDeserializer;
import io.punctual.serde.SchemaRegistryException;
import io.punctual.serde.SerdeConfig;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Turns a record of {@code punctual.status} (JSON, or Confluent-framed Avro when {@value
 * SerdeConfig#SCHEMA_REGISTRY_URL_CONFIG} is set) into a flat row of the {@code punctual_status}
 * table, keyed by where the event sits on its topic. The connector reads the value with {@code
 * ByteArrayConverter}.
 *
 * <p>A value that is not a status event fails with a {@link DataException} (the connector's {@code
 * errors.tolerance} decides); an unreachable registry with a {@link RetriableException}, so that
 * Connect tries again instead of skipping the event.
 */
public final class StatusEventRow implements Transformation<SinkRecord> {
  static final Schema OPTIONAL_TIMESTAMP = Timestamp.builder().optional().build();

  /** The row's schema: the columns of {@code punctual_status}. */
  public static final Schema SCHEMA =
      KafkaCoordinates.addTo(SchemaBuilder.struct().name("io.punctual.connect.StatusRow"))
          .field("timer_id", Schema.STRING_SCHEMA)
          .field("namespace", Schema.OPTIONAL_STRING_SCHEMA)
          .field("type", Schema.STRING_SCHEMA)
          .field("invocation_id", Schema.OPTIONAL_STRING_SCHEMA)
          .field("attempt", Schema.OPTIONAL_INT32_SCHEMA)
          .field("occurred_at", Timestamp.SCHEMA)
          .field("scheduled_at", OPTIONAL_TIMESTAMP)
          .field("started_at", OPTIONAL_TIMESTAMP)
          .field("finished_at", OPTIONAL_TIMESTAMP)
          .field("lateness_ms", Schema.OPTIONAL_INT64_SCHEMA)
          .field("http_status", Schema.OPTIONAL_INT32_SCHEMA)
          .field("error", Schema.OPTIONAL_STRING_SCHEMA)
          .field("response_excerpt", Schema.OPTIONAL_STRING_SCHEMA)
          .field("next_attempt_at", OPTIONAL_TIMESTAMP)
          .field("instance", Schema.OPTIONAL_STRING_SCHEMA)
          .field("origin", Schema.OPTIONAL_STRING_SCHEMA)
          .build();

  private final PunctualDeserializer<StatusEvent> deserializer =
      new PunctualDeserializer<>(StatusEvent.class);

  @Override
  public void configure(Map<String, ?> configs) {
    deserializer.configure(configs, false);
  }

  @Override
  public SinkRecord apply(SinkRecord record) {
    if (record.value() == null) {
      return null;
    }
    if (!(record.value() instanceof byte[] bytes)) {
      throw new DataException(
          "StatusEventRow reads the value as bytes: set value.converter to"
              + " org.apache.kafka.connect.converters.ByteArrayConverter");
    }
    StatusEvent event;
    try {
      event = deserializer.deserialize(record.topic(), bytes);
    } catch (SchemaRegistryException e) {
      throw new RetriableException("the schema registry did not answer: " + e.getMessage(), e);
    } catch (InvalidTimerException e) {
      throw new DataException(
          "not a status event at " + KafkaCoordinates.describe(record) + ": " + e.getMessage(), e);
    }
    Struct row = KafkaCoordinates.put(new Struct(SCHEMA), record);
    row.put("timer_id", text(event.getTimerId()))
        .put("namespace", text(event.getNamespace()))
        .put("type", event.getType().name())
        .put("invocation_id", text(event.getInvocationId()))
        .put("attempt", event.getAttempt())
        .put("occurred_at", Date.from(event.getAt()))
        .put("scheduled_at", date(event.getScheduledAt()))
        .put("started_at", date(event.getStartedAt()))
        .put("finished_at", date(event.getFinishedAt()))
        .put("lateness_ms", event.getLatenessMillis())
        .put("http_status", event.getHttpStatus())
        .put("error", text(event.getError()))
        .put("response_excerpt", text(event.getResponseExcerpt()))
        .put("next_attempt_at", date(event.getNextAttemptAt()))
        .put("instance", text(event.getInstance()))
        .put("origin", text(event.getOrigin()));
    return record.newRecord(
        record.topic(),
        record.kafkaPartition(),
        Schema.STRING_SCHEMA,
        event.getTimerId(),
        SCHEMA,
        row,
        record.timestamp());
  }

  /**
   * The text as SQL can hold it: a NUL (which a response body or a rejected record's key may hold)
   * becomes U+FFFD, where PostgreSQL would refuse the row and stop the sink's task.
   */
  static String text(String value) {
    return value == null || value.indexOf('\0') < 0 ? value : value.replace('\0', '\uFFFD');
  }

  static Date date(Instant instant) {
    return instant == null ? null : Date.from(instant);
  }

  @Override
  public ConfigDef config() {
    return SerdeConfig.CONFIG_DEF;
  }

  @Override
  public void close() {
    deserializer.close();
  }
}

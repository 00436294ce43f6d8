package io.punctual.connect.transforms;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.punctual.contract.DeadLetterHeaders;
import io.punctual.contract.SourceHeaders;
import io.punctual.contract.Utf8Text;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Turns a record of {@code punctual.dead-letters} into a row of the {@code punctual_dead_letters}
 * table: the reason and origin from its {@link DeadLetterHeaders}, the outbox row it came from, its
 * key and value as text (base64 when either is not UTF-8, which {@code payload_encoding} says), its
 * other headers as a JSON object. The connector reads key, value and headers with {@code
 * ByteArrayConverter}.
 */
public final class DeadLetterRow implements Transformation<SinkRecord> {
  static final String UTF8 = "utf-8";
  static final String BASE64 = "base64";

  /** The row's schema: the columns of {@code punctual_dead_letters}. */
  public static final Schema SCHEMA =
      KafkaCoordinates.addTo(SchemaBuilder.struct().name("io.punctual.connect.DeadLetterRow"))
          .field("dead_lettered_at", Timestamp.SCHEMA)
          .field("reason", Schema.OPTIONAL_STRING_SCHEMA)
          .field("error_field", Schema.OPTIONAL_STRING_SCHEMA)
          .field("error_class", Schema.OPTIONAL_STRING_SCHEMA)
          .field("origin_topic", Schema.OPTIONAL_STRING_SCHEMA)
          .field("origin_partition", Schema.OPTIONAL_INT32_SCHEMA)
          .field("origin_offset", Schema.OPTIONAL_INT64_SCHEMA)
          .field("outbox_id", Schema.OPTIONAL_STRING_SCHEMA)
          .field("record_key", Schema.OPTIONAL_STRING_SCHEMA)
          .field("record_value", Schema.OPTIONAL_STRING_SCHEMA)
          .field("payload_encoding", Schema.STRING_SCHEMA)
          .field("headers", Schema.OPTIONAL_STRING_SCHEMA)
          .build();

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The headers a row has columns for; the others go to its {@code headers} column. */
  public static final Set<String> COLUMN_HEADERS =
      Set.of(
          DeadLetterHeaders.ERROR,
          DeadLetterHeaders.ERROR_FIELD,
          DeadLetterHeaders.ERROR_CLASS,
          DeadLetterHeaders.ORIGIN_TOPIC,
          DeadLetterHeaders.ORIGIN_PARTITION,
          DeadLetterHeaders.ORIGIN_OFFSET,
          SourceHeaders.OUTBOX_ID);

  @Override
  public void configure(Map<String, ?> configs) {}

  @Override
  public SinkRecord apply(SinkRecord record) {
    byte[] key = bytes(record.key(), "key");
    byte[] value = bytes(record.value(), "value");
    String keyText = utf8(key);
    String valueText = utf8(value);
    boolean text = (key == null || keyText != null) && (value == null || valueText != null);
    Struct row = KafkaCoordinates.put(new Struct(SCHEMA), record);
    row.put(
            "dead_lettered_at",
            new Date(record.timestamp() == null ? System.currentTimeMillis() : record.timestamp()))
        .put("reason", header(record, DeadLetterHeaders.ERROR))
        .put("error_field", header(record, DeadLetterHeaders.ERROR_FIELD))
        .put("error_class", header(record, DeadLetterHeaders.ERROR_CLASS))
        .put("origin_topic", header(record, DeadLetterHeaders.ORIGIN_TOPIC))
        .put("origin_partition", number(header(record, DeadLetterHeaders.ORIGIN_PARTITION), true))
        .put("origin_offset", number(header(record, DeadLetterHeaders.ORIGIN_OFFSET), false))
        .put("outbox_id", header(record, SourceHeaders.OUTBOX_ID))
        .put("record_key", text ? keyText : base64(key))
        .put("record_value", text ? valueText : base64(value))
        .put("payload_encoding", text ? UTF8 : BASE64)
        .put("headers", otherHeaders(record));
    return record.newRecord(
        record.topic(), record.kafkaPartition(), null, null, SCHEMA, row, record.timestamp());
  }

  private static byte[] bytes(Object part, String what) {
    if (part == null || part instanceof byte[]) {
      return (byte[]) part;
    }
    if (part instanceof ByteBuffer buffer) {
      return Utils.toArray(buffer);
    }
    throw new DataException(
        "DeadLetterRow reads the "
            + what
            + " as bytes: set "
            + what
            + ".converter to org.apache.kafka.connect.converters.ByteArrayConverter");
  }

  /** The bytes as text when they are UTF-8 without a NUL (which SQL text cannot hold). */
  static String utf8(byte[] bytes) {
    return bytes == null
        ? null
        : Utf8Text.decode(bytes).filter(text -> text.indexOf('\0') < 0).orElse(null);
  }

  private static String base64(byte[] bytes) {
    return bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
  }

  private static String header(SinkRecord record, String name) {
    Header header = record.headers().lastWithName(name);
    return header == null ? null : headerText(header.value());
  }

  private static String headerText(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof byte[] bytes) {
      String text = utf8(bytes);
      return text != null ? text : BASE64 + ":" + base64(bytes);
    }
    return value.toString();
  }

  private static Number number(String text, boolean integer) {
    if (text == null) {
      return null;
    }
    try {
      return integer ? (Number) Integer.valueOf(text) : (Number) Long.valueOf(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String otherHeaders(SinkRecord record) {
    ObjectNode headers = JSON.createObjectNode();
    for (Header header : record.headers()) {
      if (!COLUMN_HEADERS.contains(header.key())) {
        headers.put(header.key(), headerText(header.value()));
      }
    }
    return headers.isEmpty() ? null : headers.toString();
  }

  @Override
  public ConfigDef config() {
    return new ConfigDef();
  }

  @Override
  public void close() {}
}

package io.punctual.connect.transforms;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The columns naming where a record sits on its topic: the primary key of Punctual's tables, so
 * that a record the sink reads again overwrites its own row.
 */
final class KafkaCoordinates {
  private KafkaCoordinates() {}

  static SchemaBuilder addTo(SchemaBuilder row) {
    return row.field("kafka_topic", Schema.STRING_SCHEMA)
        .field("kafka_partition", Schema.INT32_SCHEMA)
        .field("kafka_offset", Schema.INT64_SCHEMA);
  }

  static Struct put(Struct row, SinkRecord record) {
    return row.put("kafka_topic", record.originalTopic())
        .put("kafka_partition", record.originalKafkaPartition())
        .put("kafka_offset", record.originalKafkaOffset());
  }

  static String describe(SinkRecord record) {
    return record.originalTopic()
        + "-"
        + record.originalKafkaPartition()
        + "@"
        + record.originalKafkaOffset();
  }
}

package io.punctual.connect.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.StatusEvent;
import io.punctual.StatusType;
import io.punctual.devkit.MiniSchemaRegistry;
import io.punctual.serde.ConfluentAvroSerializer;
import io.punctual.serde.JsonRecordSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class StatusEventRowTest {
  private static final StatusEvent EVENT =
      StatusEvent.newBuilder()
          .setType(StatusType.SUCCEEDED)
          .setTimerId("invoice-42")
          .setNamespace("billing")
          .setInvocationId("invoice-42@1700000000000")
          .setAttempt(2)
          .setAt(Instant.ofEpochMilli(1_700_000_001_234L))
          .setScheduledAt(Instant.ofEpochMilli(1_700_000_000_000L))
          .setStartedAt(Instant.ofEpochMilli(1_700_000_000_012L))
          .setLatenessMillis(12L)
          .setHttpStatus(204)
          .setInstance("executor-1")
          .build();

  @Test
  void shouldMakeARowKeyedByWhereTheEventSitsFromJson() {
    StatusEventRow row = new StatusEventRow();
    row.configure(Map.of());
    byte[] json = new JsonRecordSerializer<StatusEvent>().serialize("punctual.status", EVENT);

    SinkRecord out = row.apply(record(json));

    Struct value = (Struct) out.value();
    assertEquals("punctual.status", value.get("kafka_topic"));
    assertEquals(2, value.get("kafka_partition"));
    assertEquals(41L, value.get("kafka_offset"));
    assertEquals("invoice-42", value.get("timer_id"));
    assertEquals("billing", value.get("namespace"));
    assertEquals("SUCCEEDED", value.get("type"));
    assertEquals(2, value.get("attempt"));
    assertEquals(new Date(1_700_000_001_234L), value.get("occurred_at"));
    assertEquals(new Date(1_700_000_000_000L), value.get("scheduled_at"));
    assertNull(value.get("finished_at"));
    assertEquals(12L, value.get("lateness_ms"));
    assertEquals(204, value.get("http_status"));
    assertEquals("invoice-42", out.key());
    value.validate();
  }

  @Test
  void shouldReplaceANulWhichSqlTextCannotHold() {
    StatusEventRow row = new StatusEventRow();
    row.configure(Map.of());
    StatusEvent hostile =
        StatusEvent.newBuilder(EVENT)
            .setTimerId("bad\u0000key")
            .setResponseExcerpt("down\u0000\u0000")
            .build();
    byte[] json = new JsonRecordSerializer<StatusEvent>().serialize("punctual.status", hostile);

    Struct value = (Struct) row.apply(record(json)).value();

    assertEquals("bad\uFFFDkey", value.get("timer_id"));
    assertEquals("down\uFFFD\uFFFD", value.get("response_excerpt"));
  }

  @Test
  void shouldReadConfluentFramedAvroThroughTheRegistry() {
    try (MiniSchemaRegistry registry = MiniSchemaRegistry.start(0)) {
      ConfluentAvroSerializer<StatusEvent> serializer = new ConfluentAvroSerializer<>();
      serializer.configure(Map.of("schema.registry.url", registry.url()), false);
      StatusEventRow row = new StatusEventRow();
      row.configure(Map.of("schema.registry.url", registry.url()));

      Struct value =
          (Struct) row.apply(record(serializer.serialize("punctual.status", EVENT))).value();

      assertEquals("invoice-42@1700000000000", value.get("invocation_id"));
    }
  }

  @Test
  void shouldFailARecordThatIsNoStatusEventAsBadDataAndAnUnreachableRegistryAsRetriable() {
    StatusEventRow row = new StatusEventRow();
    row.configure(Map.of("schema.registry.url", "http://127.0.0.1:1"));

    DataException bad =
        assertThrows(
            DataException.class,
            () -> row.apply(record("not an event".getBytes(StandardCharsets.UTF_8))));
    assertTrue(bad.getMessage().contains("punctual.status-2@41"), bad.getMessage());
    assertThrows(RetriableException.class, () -> row.apply(record(new byte[] {0, 0, 0, 0, 7, 1})));
  }

  private static SinkRecord record(byte[] value) {
    return new SinkRecord("punctual.status", 2, null, "invoice-42", null, value, 41L);
  }
}

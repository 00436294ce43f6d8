package io.punctual.connect.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.punctual.contract.DeadLetterHeaders;
import io.punctual.contract.SourceHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Date;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class DeadLetterRowTest {
  @Test
  void shouldTakeTheReasonOriginAndOutboxRowFromTheHeadersAndKeepTheOthersAsJson() {
    ConnectHeaders headers = new ConnectHeaders();
    headers.addBytes(DeadLetterHeaders.ERROR, utf8("schedule.cron: outbox row 7: bad cron"));
    headers.addBytes(DeadLetterHeaders.ORIGIN_TOPIC, utf8("punctual.timers"));
    headers.addBytes(DeadLetterHeaders.ORIGIN_PARTITION, utf8("1"));
    headers.addBytes(DeadLetterHeaders.ORIGIN_OFFSET, utf8("99"));
    headers.addBytes(SourceHeaders.OUTBOX_ID, utf8("7"));
    headers.addBytes("trace", new byte[] {(byte) 0xff, 1});

    Struct row = apply(utf8("t-1"), utf8("{\"schedule\": {\"cron\": \"61 * * * *\"}}"), headers);

    assertEquals("schedule.cron: outbox row 7: bad cron", row.get("reason"));
    assertEquals("punctual.timers", row.get("origin_topic"));
    assertEquals(1, row.get("origin_partition"));
    assertEquals(99L, row.get("origin_offset"));
    assertEquals("7", row.get("outbox_id"));
    assertEquals("t-1", row.get("record_key"));
    assertEquals("{\"schedule\": {\"cron\": \"61 * * * *\"}}", row.get("record_value"));
    assertEquals("utf-8", row.get("payload_encoding"));
    assertEquals("{\"trace\":\"base64:/wE=\"}", row.get("headers"));
    assertEquals(new Date(1_700_000_000_000L), row.get("dead_lettered_at"));
    row.validate();
  }

  @Test
  void shouldWriteKeyAndValueInBase64WhenEitherIsNoText() {
    byte[] value = {0, 1, 2, (byte) 0xfe};

    Struct row = apply(utf8("t-2"), value, new ConnectHeaders());

    assertEquals("base64", row.get("payload_encoding"));
    assertEquals(Base64.getEncoder().encodeToString(utf8("t-2")), row.get("record_key"));
    assertEquals(Base64.getEncoder().encodeToString(value), row.get("record_value"));
    assertNull(row.get("reason"));
    assertNull(row.get("headers"));
  }

  @Test
  void shouldKeepATombstoneAsARowWithoutValue() {
    Struct row = apply(utf8("t-3"), null, new ConnectHeaders());

    assertEquals("utf-8", row.get("payload_encoding"));
    assertNull(row.get("record_value"));
  }

  private static Struct apply(byte[] key, byte[] value, ConnectHeaders headers) {
    SinkRecord record =
        new SinkRecord(
            "punctual.dead-letters",
            0,
            null,
            key,
            null,
            value,
            5L,
            1_700_000_000_000L,
            TimestampType.CREATE_TIME,
            headers);
    return (Struct) new DeadLetterRow().apply(record).value();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}

package io.punctual.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;

class DelayedRecordsTest {
  @Test
  void shouldAddressTheDelayTopicAndNameTheDestinationAndTheInstant() {
    // Given a record for "orders" with a header of its own
    ProducerRecord<String, String> order = new ProducerRecord<>("orders", 3, 1_000L, "k", "v");
    order.headers().add("trace", "abc".getBytes(StandardCharsets.UTF_8));

    // When it is delayed to an instant finer than a millisecond
    ProducerRecord<String, String> delayed =
        DelayedRecords.deliverAt(order, Instant.parse("2026-12-24T18:00:00.000000001Z"));

    // Then it goes to the delay topic, keeps key, value, timestamp and headers, and its instant is
    // rounded up, never early; the destination's partition is left to the key
    assertEquals(DelayedRecords.DEFAULT_TOPIC, delayed.topic());
    assertNull(delayed.partition());
    assertEquals("k", delayed.key());
    assertEquals("v", delayed.value());
    assertEquals(1_000L, delayed.timestamp());
    assertEquals("abc", text(delayed.headers(), "trace"));
    assertEquals("orders", text(delayed.headers(), DelayedRecords.DELIVER_TO));
    assertEquals("2026-12-24T18:00:00.001Z", text(delayed.headers(), DelayedRecords.DELIVER_AT));
  }

  @Test
  void shouldStampADelayReplacingEarlierInstructionsAndKeepOneId() {
    // Given a record already delayed to an instant, with an id
    ProducerRecord<String, String> first =
        DelayedRecords.withId(
            DelayedRecords.deliverAt(
                new ProducerRecord<>("orders", "k", "v"), Instant.parse("2026-12-24T18:00:00Z")),
            "a");

    // When it is delayed again by a duration, through another delay topic, with another id
    ProducerRecord<String, String> again =
        DelayedRecords.withId(
            DelayedRecords.deliverIn(
                new ProducerRecord<>("orders", null, null, "k", "v", first.headers()),
                Duration.ofNanos(1_500_000),
                "tenant.delayed"),
            "b");

    // Then only the latest instruction and id remain, the delay rounded up to 2 ms
    assertEquals("tenant.delayed", again.topic());
    assertNull(again.headers().lastHeader(DelayedRecords.DELIVER_AT));
    assertEquals("PT0.002S", text(again.headers(), DelayedRecords.DELAY));
    assertEquals(1, count(again.headers(), DelayedRecords.DELAY_ID));
    assertEquals("b", text(again.headers(), DelayedRecords.DELAY_ID));
  }

  @Test
  void shouldMakeACancelOfAKeyAndId() {
    ProducerRecord<byte[], byte[]> cancel = DelayedRecords.cancel(new byte[] {1, 2}, "remind-1");
    assertEquals(DelayedRecords.DEFAULT_TOPIC, cancel.topic());
    assertArrayEquals(new byte[] {1, 2}, cancel.key());
    assertNull(cancel.value());
    assertEquals("true", text(cancel.headers(), DelayedRecords.CANCEL));
    assertEquals("remind-1", text(cancel.headers(), DelayedRecords.DELAY_ID));
    assertEquals("punctual.delayed-4@17", DelayedRecords.defaultId("punctual.delayed", 4, 17));
  }

  @Test
  void shouldRefuseAnInstantBefore1970AndANegativeDelay() {
    ProducerRecord<String, String> order = new ProducerRecord<>("orders", "k", "v");
    assertThrows(
        IllegalArgumentException.class,
        () -> DelayedRecords.deliverAt(order, Instant.parse("1969-12-31T23:59:59Z")));
    assertThrows(
        IllegalArgumentException.class,
        () -> DelayedRecords.deliverIn(order, Duration.ofSeconds(-1)));
    assertThrows(IllegalArgumentException.class, () -> DelayedRecords.cancel("k", ""));
  }

  private static String text(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static int count(Headers headers, String name) {
    int n = 0;
    for (Header ignored : headers.headers(name)) {
      n++;
    }
    return n;
  }
}

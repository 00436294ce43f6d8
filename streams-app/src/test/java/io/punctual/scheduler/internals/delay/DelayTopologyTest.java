package io.punctual.scheduler.internals.delay;

import static io.punctual.scheduler.internals.delay.DelayDriver.at;
import static io.punctual.scheduler.internals.delay.DelayDriver.headers;
import static io.punctual.scheduler.internals.delay.DelayDriver.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.StatusEvent;
import io.punctual.StatusType;
import io.punctual.client.DelayedRecords;
import io.punctual.contract.DeadLetterHeaders;
import io.punctual.scheduler.SchedulerConfig;
import io.punctual.scheduler.internals.deliver.Destination;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class DelayTopologyTest {
  private static final Instant START = Instant.parse("2026-12-07T10:00:00Z");

  @Test
  void shouldDeliverTheRecordAtItsInstantAndNeverBefore() {
    try (DelayDriver delays = new DelayDriver(START)) {
      // Given a record delayed to START + 5 s, with a header of its own
      Instant instant = START.plusSeconds(5);
      delays.send("order-1", "payload", at("orders", instant, "trace", "abc"));

      // When the wall clock reaches 1 ms before the instant
      delays.advance(Duration.ofMillis(4_999));

      // Then nothing is delivered yet
      assertEquals(List.of(), delays.delivered("orders"));

      // When it reaches the instant
      delays.advance(Duration.ofMillis(1));

      // Then the record is delivered once, as produced, with its instant as timestamp
      List<TestRecord<byte[], byte[]>> delivered = delays.delivered("orders");
      assertEquals(1, delivered.size());
      TestRecord<byte[], byte[]> record = delivered.get(0);
      assertEquals("order-1", text(record.key()));
      assertEquals("payload", text(record.value()));
      assertEquals(instant, record.getRecordTime());
      Headers headers = record.headers();
      assertEquals("abc", value(headers, "trace"));
      assertEquals(
          Long.toString(instant.toEpochMilli()), value(headers, DelayedRecords.SCHEDULED_AT));
      assertEquals(delays.config.topics().delayed(), value(headers, DelayedRecords.ORIGIN_TOPIC));
      assertEquals("0", value(headers, DelayedRecords.ORIGIN_OFFSET));
      assertNull(headers.lastHeader(DelayedRecords.DELIVER_TO));
      assertNull(headers.lastHeader(DelayedRecords.DELIVER_AT));
      // and nothing is left behind
      assertEquals(List.of(), delays.stored());
      assertEquals(List.of(), delays.deadLetters());
    }
  }

  @Test
  void shouldCountADelayFromTheRecordTimestamp() {
    try (DelayDriver delays = new DelayDriver(START)) {
      // Given a record delayed by PT2S
      delays.send(
          "k", "v", headers(DelayedRecords.DELIVER_TO, "orders", DelayedRecords.DELAY, "PT2S"));

      // When 1.999 s pass, then 1 ms more
      delays.advance(Duration.ofMillis(1_999));
      assertEquals(List.of(), delays.delivered("orders"));
      delays.advance(Duration.ofMillis(1));

      // Then it is delivered at its timestamp plus the delay
      List<TestRecord<byte[], byte[]>> delivered = delays.delivered("orders");
      assertEquals(1, delivered.size());
      assertEquals(START.plusSeconds(2), delivered.get(0).getRecordTime());
    }
  }

  @Test
  void shouldDeliverRecordsOfOneKeyAndInstantInTheOrderTheyWereProduced() {
    try (DelayDriver delays = new DelayDriver(START)) {
      // Given 50 records of one key for one instant, and one for an earlier instant sent last
      Instant instant = START.plusSeconds(1);
      for (int i = 0; i < 50; i++) {
        delays.send("k", "v" + i, at("orders", instant));
      }
      delays.send("k", "early", at("orders", instant.minusMillis(1)));

      // When the instant passes
      delays.advance(Duration.ofSeconds(2));

      // Then the earlier instant comes first, then the others in produce order
      List<String> values = delays.delivered("orders").stream().map(r -> text(r.value())).toList();
      assertEquals(51, values.size());
      assertEquals("early", values.get(0));
      for (int i = 0; i < 50; i++) {
        assertEquals("v" + i, values.get(i + 1));
      }
    }
  }

  @Test
  void shouldCancelAPendingDeliveryByItsDefaultIdOrItsNamedId() {
    try (DelayDriver delays = new DelayDriver(START)) {
      // Given three pending deliveries, one of them named
      Instant instant = START.plusSeconds(10);
      delays.send("a", "by-offset", at("orders", instant));
      delays.send("b", "by-name", at("orders", instant, DelayedRecords.DELAY_ID, "reminder-7"));
      delays.send("c", "kept", at("orders", instant));
      String delayTopic = delays.config.topics().delayed();

      // When the first is cancelled by its default id, the second by its name, and the third by
      // its default id but under another key
      cancel(delays, "a", DelayedRecords.defaultId(delayTopic, 0, 0));
      cancel(delays, "b", "reminder-7");
      cancel(delays, "other", DelayedRecords.defaultId(delayTopic, 0, 2));
      delays.advance(Duration.ofSeconds(11));

      // Then only the third is delivered, and nothing is left
      List<String> values = delays.delivered("orders").stream().map(r -> text(r.value())).toList();
      assertEquals(List.of("kept"), values);
      assertEquals(List.of(), delays.stored());
      // and a cancel after delivery does nothing
      cancel(delays, "c", DelayedRecords.defaultId(delayTopic, 0, 2));
      assertEquals(List.of(), delays.deadLetters());
      assertEquals(List.of(), delays.stored());
    }
  }

  @Test
  void shouldReplaceAPendingDeliveryOfTheSameKeyAndId() {
    try (DelayDriver delays = new DelayDriver(START)) {
      // Given a named delivery in 10 s, replaced by one in 2 s under the same key and id
      delays.send("k", "first", at("orders", START.plusSeconds(10), DelayedRecords.DELAY_ID, "x"));
      delays.send("k", "second", at("orders", START.plusSeconds(2), DelayedRecords.DELAY_ID, "x"));
      // and one of another key under the same id
      delays.send("j", "other", at("orders", START.plusSeconds(10), DelayedRecords.DELAY_ID, "x"));

      // When 11 s pass
      delays.advance(Duration.ofSeconds(11));

      // Then the replacement and the other key's record are delivered, the first never
      List<String> values = delays.delivered("orders").stream().map(r -> text(r.value())).toList();
      assertEquals(List.of("second", "other"), values);
      assertEquals(List.of(), delays.stored());
    }
  }

  @Test
  void shouldDeadLetterEachMalformedRecordAsReadWithItsReason() {
    Map<String, String> settings =
        Map.of(
            SchedulerConfig.DELAY_ALLOW_TOPICS_CONFIG,
            "orders.*",
            SchedulerConfig.DELAY_MAX_HORIZON_MS_CONFIG,
            "86400000",
            SchedulerConfig.DELAY_MAX_RECORD_BYTES_CONFIG,
            "2048");
    String at = START.plusSeconds(1).toString();
    List<Headers> malformed =
        List.of(
            headers(DelayedRecords.DELIVER_AT, at),
            headers(DelayedRecords.DELIVER_TO, "orders"),
            headers(
                DelayedRecords.DELIVER_TO,
                "orders",
                DelayedRecords.DELIVER_AT,
                at,
                DelayedRecords.DELAY,
                "PT1S"),
            headers(DelayedRecords.DELIVER_TO, "orders", DelayedRecords.DELIVER_AT, "tomorrow"),
            headers(DelayedRecords.DELIVER_TO, "orders", DelayedRecords.DELAY, "-PT1S"),
            headers(
                DelayedRecords.DELIVER_TO,
                "orders",
                DelayedRecords.DELIVER_AT,
                START.plus(Duration.ofDays(2)).toString()),
            headers(DelayedRecords.DELIVER_TO, "punctual.timers", DelayedRecords.DELIVER_AT, at),
            headers(DelayedRecords.DELIVER_TO, "__consumer_offsets", DelayedRecords.DELIVER_AT, at),
            headers(DelayedRecords.DELIVER_TO, "billing", DelayedRecords.DELIVER_AT, at),
            headers(DelayedRecords.DELIVER_TO, "bad topic", DelayedRecords.DELIVER_AT, at),
            headers(
                DelayedRecords.DELIVER_TO,
                "orders",
                DelayedRecords.DELIVER_TO,
                "orders",
                DelayedRecords.DELIVER_AT,
                at),
            headers(DelayedRecords.CANCEL, "true"),
            headers(DelayedRecords.CANCEL, "maybe", DelayedRecords.DELAY_ID, "x"));
    List<String> reasons =
        List.of(
            "punctual-deliver-to: is required",
            "punctual-deliver-at: is required, or punctual-delay",
            "punctual-delay: give punctual-deliver-at or punctual-delay, not both",
            "punctual-deliver-at: expected an ISO-8601 instant",
            "punctual-delay: must not be negative",
            "punctual-deliver-at: is further than punctual.delay.max.horizon.ms",
            "punctual-deliver-to: 'punctual.timers' is reserved",
            "punctual-deliver-to: '__consumer_offsets' is reserved",
            "punctual-deliver-to: 'billing' is not allowed by punctual.delay.allow.topics",
            "punctual-deliver-to: 'bad topic' is not a Kafka topic name",
            "punctual-deliver-to: is given more than once",
            "punctual-delay-id: is required to cancel",
            "punctual-cancel: is true or false");
    try (DelayDriver delays = new DelayDriver(START, settings)) {
      // Given each malformed record, and an oversized one
      for (int i = 0; i < malformed.size(); i++) {
        delays.send("key-" + i, "value-" + i, malformed.get(i));
      }
      delays.send(
          "key-big",
          "x".repeat(3000),
          headers(DelayedRecords.DELIVER_TO, "orders", DelayedRecords.DELAY, "PT0S"));

      // When they are read and their instants pass
      delays.advance(Duration.ofSeconds(2));

      // Then each is dead-lettered with its key, value and headers as read, and its reason
      List<TestRecord<byte[], byte[]>> dead = delays.deadLetters();
      assertEquals(malformed.size() + 1, dead.size());
      for (int i = 0; i < malformed.size(); i++) {
        TestRecord<byte[], byte[]> letter = dead.get(i);
        assertEquals("key-" + i, text(letter.key()));
        assertEquals("value-" + i, text(letter.value()));
        for (Header original : malformed.get(i)) {
          assertTrue(
              letter.headers().toArray().length > 0
                  && java.util.Arrays.stream(letter.headers().toArray())
                      .anyMatch(
                          h ->
                              h.key().equals(original.key())
                                  && java.util.Arrays.equals(h.value(), original.value())),
              "original header " + original.key() + " kept");
        }
        String error = value(letter.headers(), DeadLetterHeaders.ERROR);
        assertTrue(error.startsWith(reasons.get(i)), i + ": " + error);
        assertEquals(
            delays.config.topics().delayed(),
            value(letter.headers(), DeadLetterHeaders.ORIGIN_TOPIC));
        assertEquals(Integer.toString(i), value(letter.headers(), DeadLetterHeaders.ORIGIN_OFFSET));
      }
      String oversized = value(dead.get(malformed.size()).headers(), DeadLetterHeaders.ERROR);
      assertTrue(oversized.contains("exceeds punctual.delay.max.record.bytes=2048"), oversized);
      assertEquals(3000, dead.get(malformed.size()).value().length);
      // and nothing is delivered or kept
      assertEquals(List.of(), delays.delivered("orders"));
      assertEquals(List.of(), delays.stored());
    }
  }

  @Test
  void shouldDeadLetterAtItsInstantARecordItsDestinationCannotTake() {
    try (DelayDriver delays = new DelayDriver(START)) {
      // Given a destination that does not exist, one that refuses, and one with a small limit
      delays.destination("absent", Destination.ABSENT);
      delays.destination(
          "locked", Destination.refused("the scheduler may not write to topic locked"));
      delays.destination("small", Destination.exists(200, Long.MAX_VALUE));
      Instant instant = START.plusSeconds(3);
      delays.send("a", "to-absent", at("absent", instant));
      delays.send("b", "to-locked", at("locked", instant));
      delays.send("c", "x".repeat(300), at("small", instant));

      // When nothing is due yet, nothing is dead-lettered
      delays.advance(Duration.ofSeconds(2));
      assertEquals(List.of(), delays.deadLetters());

      // When the instant passes
      delays.advance(Duration.ofSeconds(1));

      // Then each is dead-lettered as read, with the reason
      List<TestRecord<byte[], byte[]>> dead = delays.deadLetters();
      assertEquals(3, dead.size());
      assertTrue(
          value(dead.get(0).headers(), DeadLetterHeaders.ERROR)
              .contains("topic absent does not exist"));
      assertEquals("absent", value(dead.get(0).headers(), DelayedRecords.DELIVER_TO));
      assertTrue(value(dead.get(1).headers(), DeadLetterHeaders.ERROR).contains("may not write"));
      assertTrue(
          value(dead.get(2).headers(), DeadLetterHeaders.ERROR).contains("max.message.bytes=200"));
      assertEquals(300, dead.get(2).value().length);
      assertEquals(List.of(), delays.stored());
    }
  }

  @Test
  void shouldHoldDeliveriesUpUntilADestinationIsKnownAndKeepTheirOrder() {
    try (DelayDriver delays = new DelayDriver(START)) {
      // Given a destination the cluster has not answered about yet
      delays.destination("new-topic", Destination.UNKNOWN);
      Instant instant = START.plusSeconds(1);
      delays.send("k", "first", at("new-topic", instant));
      delays.send("k", "second", at("orders", instant));

      // When the instant passes, nothing is delivered
      delays.advance(Duration.ofSeconds(2));
      assertEquals(List.of(), delays.delivered("new-topic"));
      assertEquals(List.of(), delays.delivered("orders"));

      // When the answer comes
      delays.destination("new-topic", Destination.exists(1_048_588, Long.MAX_VALUE));
      delays.advance(Duration.ofMillis(10));

      // Then both are delivered
      assertEquals(1, delays.delivered("new-topic").size());
      assertEquals(1, delays.delivered("orders").size());
      assertEquals(List.of(), delays.stored());
    }
  }

  @Test
  void shouldStampALateRecordWithItsDeliveryTimeWhenItsDestinationWouldRefuseItsInstant() {
    try (DelayDriver delays = new DelayDriver(START)) {
      // Given a destination that refuses timestamps older than 2 minutes
      delays.destination("recent", Destination.exists(1_048_588, 120_000));
      // and a record due 10 minutes ago
      delays.send("k", "v", at("recent", START.minus(Duration.ofMinutes(10))));

      // When it is delivered
      delays.advance(Duration.ofMillis(10));

      // Then its timestamp is the delivery time, and its header keeps the instant
      List<TestRecord<byte[], byte[]>> delivered = delays.delivered("recent");
      assertEquals(1, delivered.size());
      assertEquals(delays.now(), delivered.get(0).getRecordTime());
      assertEquals(
          Long.toString(START.minus(Duration.ofMinutes(10)).toEpochMilli()),
          value(delivered.get(0).headers(), DelayedRecords.SCHEDULED_AT));
    }
  }

  @Test
  void shouldDeliverARecordReadAfterItsInstantAsItIsReadWithoutKeepingIt() {
    try (DelayDriver delays = new DelayDriver(START)) {
      // Given runs that delivered everything due so far, and a pending named record
      delays.send(
          "k", "replaced", at("orders", START.plusSeconds(30), DelayedRecords.DELAY_ID, "x"));
      delays.advance(Duration.ofSeconds(1));

      // When records due in the past are read, one replacing the pending one
      delays.send("j", "late", at("orders", START));
      delays.send("k", "replacement", at("orders", START, DelayedRecords.DELAY_ID, "x"));

      // Then they are delivered as they are read, the replaced one never, and nothing is kept
      List<String> values = delays.delivered("orders").stream().map(r -> text(r.value())).toList();
      assertEquals(List.of("late", "replacement"), values);
      assertEquals(List.of(), delays.stored());
      delays.advance(Duration.ofSeconds(40));
      assertEquals(List.of(), delays.delivered("orders"));
    }
  }

  @Test
  void shouldKeepALateRecordBehindOneHeldUpSoThatTheirOrderHolds() {
    try (DelayDriver delays = new DelayDriver(START)) {
      // Given runs that passed START + 5 s, and a record due before then, read now, held up by a
      // destination not known yet
      delays.advance(Duration.ofSeconds(5));
      delays.destination("slow", Destination.UNKNOWN);
      delays.send("k", "first", at("slow", START.plusSeconds(1)));

      // When one of the same key and instant is read, the destination known by then
      delays.destination("slow", Destination.exists(1_048_588, Long.MAX_VALUE));
      delays.send("k", "second", at("slow", START.plusSeconds(1)));

      // Then it waits for the first, and they arrive in the order they were produced
      assertEquals(List.of(), delays.delivered("slow"));
      delays.advance(Duration.ofMillis(10));
      List<String> values = delays.delivered("slow").stream().map(r -> text(r.value())).toList();
      assertEquals(List.of("first", "second"), values);
      assertEquals(List.of(), delays.stored());
    }
  }

  @Test
  void shouldCountWhatItKeepsDeliversCancelsAndDeadLetters() {
    try (DelayDriver delays = new DelayDriver(START)) {
      // Given four records kept, one cancelled, one malformed, one for a missing destination
      delays.destination("absent", Destination.ABSENT);
      for (int i = 0; i < 4; i++) {
        delays.send(
            "k" + i,
            "v",
            at("orders", START.plusSeconds(10 + i), DelayedRecords.DELAY_ID, "d" + i));
      }
      cancel(delays, "k3", "d3");
      delays.send("bad", "v", headers(DelayedRecords.DELIVER_TO, "orders"));
      delays.send("lost", "v", at("absent", START.plusSeconds(1)));

      // When the first instants pass
      delays.advance(Duration.ofSeconds(2));

      // Then the meters say so, the pending ones included
      assertEquals(4 + 1, count(delays, "punctual.delayed.accepted"));
      assertEquals(1, count(delays, "punctual.delayed.cancelled"));
      assertEquals(
          1,
          delays
              .meters
              .get("punctual.delayed.dead.lettered")
              .tag("when", "intake")
              .counter()
              .count());
      assertEquals(
          1,
          delays
              .meters
              .get("punctual.delayed.dead.lettered")
              .tag("when", "delivery")
              .counter()
              .count());
      assertEquals(3, delays.meters.get("punctual.delayed.pending").gauge().value());

      // When they are all delivered
      delays.advance(Duration.ofSeconds(20));

      // Then the deliveries and their lateness are counted, and nothing is pending
      assertEquals(3, count(delays, "punctual.delayed.delivered"));
      assertEquals(3, delays.meters.get("punctual.delayed.lateness").timer().count());
      System.out.println(
          "pending after " + delays.meters.get("punctual.delayed.pending").gauge().value());
    }
  }

  @Test
  void shouldPublishStatusEventsOnTheirOwnTopicOnlyWhenTurnedOn() {
    Map<String, String> on = Map.of(SchedulerConfig.DELAY_STATUS_EVENTS_CONFIG, "true");
    try (DelayDriver delays = new DelayDriver(START, on)) {
      // Given a delivered record, a cancelled one, a replaced one, one dead-lettered at its instant
      // and one refused at intake
      String delayTopic = delays.config.topics().delayed();
      Instant instant = START.plusSeconds(2);
      delays.destination("absent", Destination.ABSENT);
      delays.send("a", "delivered", at("orders", instant, DelayedRecords.DELAY_ID, "remind-a"));
      delays.send("b", "cancelled", at("orders", instant));
      delays.send("c", "first", at("orders", instant, DelayedRecords.DELAY_ID, "c-1"));
      delays.send("c", "second", at("orders", instant, DelayedRecords.DELAY_ID, "c-1"));
      delays.send("d", "nowhere", at("absent", instant));
      delays.send("e", "malformed", headers(DelayedRecords.DELIVER_TO, "orders"));
      cancel(delays, "b", DelayedRecords.defaultId(delayTopic, 0, 1));

      // When their instant passes
      delays.advance(Duration.ofSeconds(3));

      // Then each has its event on the delayed-status topic, keyed by its delay id, whose
      // position is the delayed record's
      List<StatusEvent> events = delays.statusEvents(delays.config.topics().delayedStatus());
      Map<String, StatusType> byPosition = new java.util.TreeMap<>();
      events.forEach(e -> byPosition.put(e.getInvocationId(), e.getType()));
      assertEquals(
          Map.of(
              DelayedRecords.defaultId(delayTopic, 0, 0), StatusType.SUCCEEDED,
              DelayedRecords.defaultId(delayTopic, 0, 1), StatusType.CANCELLED,
              DelayedRecords.defaultId(delayTopic, 0, 2), StatusType.CANCELLED,
              DelayedRecords.defaultId(delayTopic, 0, 3), StatusType.SUCCEEDED,
              DelayedRecords.defaultId(delayTopic, 0, 4), StatusType.DEAD_LETTERED,
              DelayedRecords.defaultId(delayTopic, 0, 5), StatusType.REJECTED),
          byPosition);
      StatusEvent delivered =
          events.stream().filter(e -> e.getTimerId().equals("remind-a")).findFirst().orElseThrow();
      assertEquals(instant, delivered.getScheduledAt());
      assertEquals(StatusType.SUCCEEDED, delivered.getType());
      assertTrue(delivered.getLatenessMillis() >= 0);
      // and none on the timers' status topic
      assertEquals(List.of(), delays.statusEvents(delays.config.topics().status()));
    }
    try (DelayDriver delays = new DelayDriver(START)) {
      // Given the default settings, then a delivered record has no event anywhere
      delays.send("a", "delivered", at("orders", START.plusSeconds(1)));
      delays.advance(Duration.ofSeconds(2));
      assertEquals(1, delays.delivered("orders").size());
      assertEquals(List.of(), delays.statusEvents(delays.config.topics().delayedStatus()));
    }
  }

  @Test
  void shouldDeliverARecordWithoutAKeyAndLetItBeCancelledByItsDefaultId() {
    try (DelayDriver delays = new DelayDriver(START)) {
      // Given two records without a key
      String delayTopic = delays.config.topics().delayed();
      delays.sendWithoutKey("kept", at("orders", START.plusSeconds(2)));
      delays.sendWithoutKey("cancelled", at("orders", START.plusSeconds(2)));

      // When the second is cancelled by its default id, with no key either, and the instant passes
      delays.sendWithoutKey(
          null,
          headers(
              DelayedRecords.CANCEL,
              "true",
              DelayedRecords.DELAY_ID,
              DelayedRecords.defaultId(delayTopic, 0, 1)));
      delays.advance(Duration.ofSeconds(3));

      // Then the first is delivered without a key, and nothing is left
      List<TestRecord<byte[], byte[]>> delivered = delays.delivered("orders");
      assertEquals(1, delivered.size());
      assertNull(delivered.get(0).key());
      assertEquals("kept", text(delivered.get(0).value()));
      assertEquals(List.of(), delays.stored());
      assertEquals(List.of(), delays.deadLetters());
    }
  }

  private static double count(DelayDriver delays, String counter) {
    return delays.meters.get(counter).counter().count();
  }

  private static void cancel(DelayDriver delays, String key, String delayId) {
    delays.send(
        key, null, headers(DelayedRecords.CANCEL, "true", DelayedRecords.DELAY_ID, delayId));
  }

  private static String value(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null ? null : text(header.value());
  }
}

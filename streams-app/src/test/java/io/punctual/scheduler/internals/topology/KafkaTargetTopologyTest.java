package io.punctual.scheduler.internals.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.CommandType;
import io.punctual.InvocationHeaders;
import io.punctual.StatusEvent;
import io.punctual.StatusType;
import io.punctual.contract.DeadLetterHeaders;
import io.punctual.scheduler.SchedulerConfig;
import io.punctual.scheduler.internals.deliver.Destination;
import io.punctual.scheduler.internals.deliver.Destinations;
import io.punctual.scheduler.internals.state.LiveTimer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * A timer with a Kafka target is written by the scheduler in the transaction of its firing: no
 * trigger, the record on its topic at the instant, and its outcome as a status event.
 */
class KafkaTargetTopologyTest {
  private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
  private static final Duration STEP = Duration.ofMillis(100);

  /** What the cluster says of each topic; a topic not named exists, with Kafka's limits. */
  private final Map<String, Destination> answers = new HashMap<>();

  private final Destinations destinations =
      topic -> answers.getOrDefault(topic, Destination.exists(1_048_588, Long.MAX_VALUE));

  private SchedulerDriver driver(Map<String, String> overrides) {
    return new SchedulerDriver(START, overrides, destinations);
  }

  private static String at(Instant instant, String target) {
    return "{\"schedule\": {\"at\": \"" + instant + "\"}, \"target\": {\"kafka\": " + target + "}}";
  }

  @Test
  void shouldWriteTheRecordAtItsInstantWithTextAndBytesAndNoTrigger() {
    try (SchedulerDriver driver = driver(Map.of())) {
      // Given a one-shot timer whose key is text, whose value and a header are bytes
      Instant instant = START.plusSeconds(2);
      driver.define(
          "order-1",
          at(
              instant,
              "{\"topic\": \"orders\", \"key\": \"k-é\", \"value\": {\"base64\": \"AP8Q\"},"
                  + " \"headers\": {\"kind\": \"reminder\", \"raw\": {\"base64\": \"AQI=\"}}}"));

      // When the clock passes just short of the instant, then nothing is written
      driver.advanceTo(instant.minusMillis(1), STEP);
      assertEquals(List.of(), driver.delivered("orders"));

      // When it reaches the instant
      driver.advanceTo(instant.plusMillis(100), STEP);

      // Then the record is on its topic: the key in UTF-8, the value's bytes, the instant as its
      // timestamp, the target's headers and the invocation's
      List<TestRecord<byte[], byte[]>> written = driver.delivered("orders");
      assertEquals(1, written.size());
      TestRecord<byte[], byte[]> record = written.get(0);
      assertArrayEquals("k-é".getBytes(StandardCharsets.UTF_8), record.key());
      assertArrayEquals(new byte[] {0, -1, 16}, record.value());
      assertEquals(instant.toEpochMilli(), record.timestamp());
      Headers headers = record.headers();
      assertEquals("reminder", text(headers.lastHeader("kind")));
      assertArrayEquals(new byte[] {1, 2}, headers.lastHeader("raw").value());
      String invocationId = InvocationHeaders.invocationId("order-1", instant.toEpochMilli());
      assertEquals(invocationId, text(headers.lastHeader(InvocationHeaders.INVOCATION_ID)));
      assertEquals("order-1", text(headers.lastHeader(InvocationHeaders.TIMER_ID)));
      assertEquals("1", text(headers.lastHeader(InvocationHeaders.ATTEMPT)));

      // And no trigger went to the executor; the outcome is SUCCEEDED, never before the instant
      assertEquals(List.of(), driver.fired());
      StatusEvent succeeded = only(driver.statusEvents(), StatusType.SUCCEEDED);
      assertEquals(invocationId, succeeded.getInvocationId());
      assertEquals(1, succeeded.getAttempt());
      assertTrue(!succeeded.getStartedAt().isBefore(instant), succeeded.toString());
      assertEquals("test", succeeded.getInstance());
    }
  }

  @Test
  void shouldGoOnWithAFixedDelayTimerAndAForbidTimerOnceEachRecordIsWritten() {
    try (SchedulerDriver driver = driver(Map.of())) {
      // Given a fixed-delay timer and a fixed-rate FORBID timer, both with Kafka targets
      driver.define(
          "delay",
          "{\"schedule\": {\"every\": \"PT1S\", \"mode\": \"FIXED_DELAY\"},"
              + " \"target\": {\"kafka\": {\"topic\": \"ticks\", \"value\": \"d\"}}}");
      driver.define(
          "rate",
          "{\"schedule\": {\"every\": \"PT1S\"}, \"concurrency\": \"FORBID\","
              + " \"target\": {\"kafka\": {\"topic\": \"ticks\", \"value\": \"r\"}}}");

      // When five seconds pass
      driver.advanceBy(Duration.ofMillis(5_050), STEP);

      // Then each wrote a record every second: the written record ends its invocation at once, so
      // the fixed delay counts from it and FORBID never skips
      Map<String, Long> perValue =
          driver.delivered("ticks").stream()
              .collect(
                  Collectors.groupingBy(
                      r -> new String(r.value(), StandardCharsets.UTF_8), Collectors.counting()));
      assertEquals(5L, perValue.get("r"));
      assertTrue(perValue.get("d") >= 4, perValue.toString());
      List<StatusEvent> events = driver.statusEvents();
      assertTrue(events.stream().noneMatch(e -> e.getType() == StatusType.SKIPPED), "skipped");
      LiveTimer rate = (LiveTimer) driver.stored("rate");
      assertNull(rate.inFlight());
    }
  }

  @Test
  void shouldHoldAnAttemptWhileItsTopicIsNotKnownYetAndWriteItOnceItIs() {
    try (SchedulerDriver driver = driver(Map.of())) {
      // Given a timer due now whose topic the cluster has not told about yet
      answers.put("new-topic", Destination.UNKNOWN);
      Instant instant = START.plusSeconds(1);
      driver.define("t", at(instant, "{\"topic\": \"new-topic\", \"value\": \"v\"}"));
      driver.advanceTo(instant.plusMillis(500), STEP);

      // Then nothing is written nor reported while the question is on its way
      assertEquals(List.of(), driver.delivered("new-topic"));
      assertEquals(List.of(), attempts(driver.statusEvents()));

      // When the answer comes, then the attempt is written, once
      answers.remove("new-topic");
      driver.advanceBy(Duration.ofMillis(300), STEP);
      assertEquals(1, driver.delivered("new-topic").size());
      assertEquals(
          StatusType.SUCCEEDED, only(driver.statusEvents(), StatusType.SUCCEEDED).getType());
    }
  }

  @Test
  void shouldRetryAnAbsentTopicUnderTheRetryPolicyThenDeadLetterItWithTheReason() {
    try (SchedulerDriver driver = driver(Map.of())) {
      // Given a timer with three attempts whose topic does not exist
      answers.put("missing", Destination.ABSENT);
      Instant instant = START.plusSeconds(1);
      driver.define(
          "t",
          "{\"schedule\": {\"at\": \""
              + instant
              + "\"}, \"retry\": {\"maxAttempts\": 3, \"initialBackoff\": \"PT1S\"},"
              + " \"target\": {\"kafka\": {\"topic\": \"missing\", \"key\": \"k\", \"value\":"
              + " \"v\"}}}");

      // When the attempts are spent
      driver.advanceBy(Duration.ofSeconds(6), STEP);

      // Then two retries were scheduled and the third attempt dead-lettered, each naming why
      List<StatusEvent> events = attempts(driver.statusEvents());
      List<StatusType> types = events.stream().map(StatusEvent::getType).toList();
      assertEquals(
          List.of(StatusType.RETRY_SCHEDULED, StatusType.RETRY_SCHEDULED, StatusType.DEAD_LETTERED),
          types);
      assertTrue(events.get(2).getError().contains("does not exist"), events.get(2).getError());
      assertEquals(3, events.get(2).getAttempt());

      // And the record that could not be written is on the dead-letter topic with the reason
      List<TestRecord<byte[], byte[]>> letters = driver.deadLetters.readRecordsToList();
      assertEquals(1, letters.size());
      assertArrayEquals("v".getBytes(StandardCharsets.UTF_8), letters.get(0).value());
      assertTrue(
          text(letters.get(0).headers().lastHeader(DeadLetterHeaders.ERROR))
              .contains("does not exist"));
    }
  }

  @Test
  void shouldWriteOnARetryOnceTheTopicExists() {
    try (SchedulerDriver driver = driver(Map.of())) {
      // Given a timer with two attempts whose topic is created after the first
      answers.put("late", Destination.ABSENT);
      Instant instant = START.plusSeconds(1);
      driver.define(
          "t",
          "{\"schedule\": {\"at\": \""
              + instant
              + "\"}, \"retry\": {\"maxAttempts\": 2, \"initialBackoff\": \"PT2S\"},"
              + " \"target\": {\"kafka\": {\"topic\": \"late\", \"value\": \"v\"}}}");
      driver.advanceTo(instant.plusMillis(200), STEP);
      answers.remove("late");

      // When the retry falls due
      driver.advanceBy(Duration.ofSeconds(3), STEP);

      // Then the second attempt wrote the record
      List<TestRecord<byte[], byte[]>> written = driver.delivered("late");
      assertEquals(1, written.size());
      assertEquals("2", text(written.get(0).headers().lastHeader(InvocationHeaders.ATTEMPT)));
      assertEquals(
          List.of(StatusType.RETRY_SCHEDULED, StatusType.SUCCEEDED),
          attempts(driver.statusEvents()).stream().map(StatusEvent::getType).toList());
    }
  }

  @Test
  void shouldDeadLetterATopicOutsideTheAllowlistAtOnce() {
    try (SchedulerDriver driver =
        driver(Map.of(SchedulerConfig.DELAY_ALLOW_TOPICS_CONFIG, "orders\\..*"))) {
      // Given a timer with retries whose topic the allowlist does not name
      Instant instant = START.plusSeconds(1);
      driver.define(
          "t",
          "{\"schedule\": {\"at\": \""
              + instant
              + "\"}, \"retry\": {\"maxAttempts\": 5},"
              + " \"target\": {\"kafka\": {\"topic\": \"billing\", \"value\": \"v\"}}}");

      // When it falls due, then it is dead-lettered at once: no retry can cure it
      driver.advanceTo(instant.plusMillis(200), STEP);
      assertEquals(List.of(), driver.delivered("billing"));
      StatusEvent dead = only(driver.statusEvents(), StatusType.DEAD_LETTERED);
      assertTrue(
          dead.getError().contains(SchedulerConfig.DELAY_ALLOW_TOPICS_CONFIG), dead.getError());
    }
  }

  @Test
  void shouldDeadLetterARecordLargerThanItsTopicTakes() {
    try (SchedulerDriver driver = driver(Map.of())) {
      // Given a topic that takes records of 200 bytes at most, and a timer whose value is larger
      answers.put("small", Destination.exists(200, Long.MAX_VALUE));
      Instant instant = START.plusSeconds(1);
      driver.define(
          "t", at(instant, "{\"topic\": \"small\", \"value\": \"" + "x".repeat(300) + "\"}"));

      // When it falls due, then it is not written (the broker would abort the transaction)
      driver.advanceTo(instant.plusMillis(200), STEP);
      assertEquals(List.of(), driver.delivered("small"));
      StatusEvent dead = only(driver.statusEvents(), StatusType.DEAD_LETTERED);
      assertTrue(dead.getError().contains("max.message.bytes=200"), dead.getError());
    }
  }

  @Test
  void shouldWriteAManualTriggerAtOnce() {
    try (SchedulerDriver driver = driver(Map.of())) {
      // Given a timer due in an hour
      driver.define("t", at(START.plusSeconds(3_600), "{\"topic\": \"orders\", \"value\": \"v\"}"));

      // When it is triggered by a command
      driver.command(CommandType.TRIGGER, "t", "c-1");

      // Then its record is written now, under the manual invocation id, and the timer still waits
      List<TestRecord<byte[], byte[]>> written = driver.delivered("orders");
      assertEquals(1, written.size());
      assertEquals(
          InvocationHeaders.manualInvocationId("t", "c-1"),
          text(written.get(0).headers().lastHeader(InvocationHeaders.INVOCATION_ID)));
      assertEquals(List.of(), driver.fired());
      assertTrue(((LiveTimer) driver.stored("t")).hasNext());
    }
  }

  @Test
  void shouldNeverWriteAheadOfTheInstantWhateverTheLookahead() {
    try (SchedulerDriver driver = driver(Map.of(SchedulerConfig.LOOKAHEAD_MS_CONFIG, "2000"))) {
      // Given a lookahead of 2 s, a Kafka timer and an HTTP timer due at the same instant
      Instant instant = START.plusSeconds(5);
      driver.define("kafka", at(instant, "{\"topic\": \"orders\", \"value\": \"v\"}"));
      driver.define(
          "http",
          "{\"schedule\": {\"at\": \""
              + instant
              + "\"}, \"target\": {\"http\": {\"url\": \"http://target.test/x\"}}}");

      // When the clock is within the lookahead, then the HTTP trigger is emitted for the executor
      // to hold, and the Kafka record is not written
      driver.advanceTo(instant.minusMillis(500), STEP);
      assertEquals(List.of(instant), driver.fired());
      assertEquals(List.of(), driver.delivered("orders"));

      // When the instant comes, then the record is written
      driver.advanceTo(instant.plusMillis(100), STEP);
      assertEquals(1, driver.delivered("orders").size());
    }
  }

  /** The events about an invocation's attempts (not the timer's COMPLETED). */
  private static List<StatusEvent> attempts(List<StatusEvent> events) {
    return events.stream().filter(e -> e.getInvocationId() != null).toList();
  }

  private static StatusEvent only(List<StatusEvent> events, StatusType type) {
    List<StatusEvent> ofType = events.stream().filter(e -> e.getType() == type).toList();
    assertEquals(1, ofType.size(), events.toString());
    return ofType.get(0);
  }

  private static String text(Header header) {
    return new String(header.value(), StandardCharsets.UTF_8);
  }
}

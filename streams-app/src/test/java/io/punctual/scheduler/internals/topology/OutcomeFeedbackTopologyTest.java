package io.punctual.scheduler.internals.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.Invocation;
import io.punctual.InvocationHeaders;
import io.punctual.StatusEvent;
import io.punctual.StatusType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Outcomes the executor publishes on the status topic, fed back into the schedule: retries sent
 * back as one-off firings, fixed delay, and the concurrency policies.
 */
class OutcomeFeedbackTopologyTest {
  private static final Instant T0 = Instant.parse("2026-06-01T10:00:00Z");
  private static final Duration TICK = Duration.ofMillis(100);
  private static final String TARGET =
      "\"target\": {\"http\": {\"url\": \"http://target.test/out\"}}";

  private static String every10s(String extra) {
    return "{\"schedule\": {\"every\": \"PT10S\", \"startAt\": \""
        + T0.plusSeconds(10)
        + "\"}, "
        + TARGET
        + extra
        + "}";
  }

  private static String fixedDelay(String extra) {
    return "{\"schedule\": {\"every\": \"PT10S\", \"mode\": \"FIXED_DELAY\", \"startAt\": \""
        + T0.plusSeconds(5)
        + "\"}, "
        + TARGET
        + extra
        + "}";
  }

  private static String id(String timerId, Instant scheduledAt) {
    return timerId + "@" + scheduledAt.toEpochMilli();
  }

  private static StatusEvent event(
      SchedulerDriver scheduler, StatusType type, String timerId, String invocationId) {
    return StatusEvent.newBuilder()
        .setType(type)
        .setTimerId(timerId)
        .setInvocationId(invocationId)
        .setAt(scheduler.now())
        .setInstance("executor-1")
        .build();
  }

  private static StatusEvent retryScheduled(
      SchedulerDriver scheduler, String timerId, String invocationId, int attempt, Instant at) {
    StatusEvent event = event(scheduler, StatusType.RETRY_SCHEDULED, timerId, invocationId);
    event.setAttempt(attempt);
    event.setNextAttemptAt(at);
    return event;
  }

  private static StatusEvent finished(
      SchedulerDriver scheduler, StatusType type, String timerId, String invocationId, Instant at) {
    StatusEvent event = event(scheduler, type, timerId, invocationId);
    event.setFinishedAt(at);
    return event;
  }

  private static List<StatusEvent> events(SchedulerDriver scheduler, StatusType type) {
    return scheduler.statusEvents().stream().filter(e -> e.getType() == type).toList();
  }

  private static String header(TestRecord<String, Invocation> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  @Test
  void shouldFireARetryAtItsInstantWithTheSameInvocationIdWithoutMovingTheSchedule() {
    try (SchedulerDriver scheduler = new SchedulerDriver(T0)) {
      // Given a timer every 10 s, limited to 2 firings, whose first firing ran at T0 + 10 s
      scheduler.define("r", every10s(", \"maxFirings\": 2"));
      scheduler.advanceTo(T0.plusSeconds(11), TICK);
      String first = id("r", T0.plusSeconds(10));
      assertEquals(List.of(T0.plusSeconds(10)), scheduler.fired());
      // When the executor sends attempt 2 back for T0 + 15 s
      Instant retryAt = T0.plusSeconds(15);
      scheduler.report(retryScheduled(scheduler, "r", first, 2, retryAt));
      // Then nothing is sent before that instant
      scheduler.advanceTo(retryAt.minusMillis(1), Duration.ofMillis(10));
      assertEquals(0, scheduler.triggers.getQueueSize());
      // And at it, attempt 2 of the same invocation, then the regular firing at T0 + 20 s, which
      // is the second firing: the retry does not count
      scheduler.advanceTo(T0.plusSeconds(45), TICK);
      List<TestRecord<String, Invocation>> records = scheduler.firedRecords();
      assertEquals(2, records.size());
      Invocation retry = records.get(0).value();
      assertEquals(first, retry.getInvocationId());
      assertEquals(2, retry.getAttempt());
      assertEquals(retryAt, retry.getScheduledAt());
      assertFalse(records.get(0).timestamp() < retryAt.toEpochMilli(), "sent before its instant");
      assertEquals("2", header(records.get(0), InvocationHeaders.ATTEMPT));
      assertEquals(first, header(records.get(0), InvocationHeaders.INVOCATION_ID));
      assertEquals(id("r", T0.plusSeconds(20)), records.get(1).value().getInvocationId());
      assertEquals(1, records.get(1).value().getAttempt());
      assertEquals(1, events(scheduler, StatusType.COMPLETED).size());
    }
  }

  @Test
  void shouldFireARetryHandedBackTwiceOnce() {
    try (SchedulerDriver scheduler = new SchedulerDriver(T0)) {
      // Given a timer every 10 s, limited to 1 firing, which fired at T0 + 10 s
      scheduler.define("twice", every10s(", \"maxFirings\": 1"));
      scheduler.advanceTo(T0.plusSeconds(11), TICK);
      String first = id("twice", T0.plusSeconds(10));
      assertEquals(List.of(T0.plusSeconds(10)), scheduler.fired());
      // When an executor hands attempt 2 back for T0 + 15 s, and, having crashed and performed
      // attempt 1 again, hands it back once more for T0 + 30 s, once before and once after the
      // first
      // instant
      scheduler.report(retryScheduled(scheduler, "twice", first, 2, T0.plusSeconds(15)));
      scheduler.report(retryScheduled(scheduler, "twice", first, 2, T0.plusSeconds(30)));
      scheduler.advanceTo(T0.plusSeconds(20), TICK);
      scheduler.report(retryScheduled(scheduler, "twice", first, 2, T0.plusSeconds(35)));
      scheduler.advanceTo(T0.plusSeconds(60), TICK);
      // Then attempt 2 is sent once, at the first instant; attempt 3 is still sent when handed back
      List<TestRecord<String, Invocation>> records = scheduler.firedRecords();
      assertEquals(1, records.size());
      assertEquals(2, records.get(0).value().getAttempt());
      assertEquals(T0.plusSeconds(15), records.get(0).value().getScheduledAt());
      scheduler.report(retryScheduled(scheduler, "twice", first, 3, T0.plusSeconds(65)));
      scheduler.advanceTo(T0.plusSeconds(70), TICK);
      assertEquals(List.of(T0.plusSeconds(65)), scheduler.fired());
    }
  }

  @Test
  void shouldCancelTheRetryOfADeletedTimer() {
    try (SchedulerDriver scheduler = new SchedulerDriver(T0)) {
      // Given a timer that fired at T0 + 10 s and whose attempt 2 is due at T0 + 25 s
      scheduler.define("gone", every10s(""));
      scheduler.advanceTo(T0.plusSeconds(11), TICK);
      scheduler.fired();
      String first = id("gone", T0.plusSeconds(10));
      scheduler.report(retryScheduled(scheduler, "gone", first, 2, T0.plusSeconds(25)));
      // When the timer is deleted before that instant
      scheduler.define("gone", null);
      scheduler.advanceTo(T0.plusSeconds(30), TICK);
      // Then the attempt is not sent, and a CANCELLED event says why
      assertEquals(List.of(), scheduler.fired());
      List<StatusEvent> cancelled = events(scheduler, StatusType.CANCELLED);
      assertEquals(1, cancelled.size());
      assertEquals(first, cancelled.get(0).getInvocationId());
      assertEquals(T0.plusSeconds(25), cancelled.get(0).getScheduledAt());
      assertTrue(cancelled.get(0).getError().contains("timer deleted"));
    }
  }

  @Test
  void shouldFireFixedDelayOnePeriodAfterEachFinalOutcome() {
    try (SchedulerDriver scheduler = new SchedulerDriver(T0)) {
      // Given a fixed-delay timer every 10 s from T0 + 5 s, which fired its first instant
      scheduler.define("d", fixedDelay(""));
      scheduler.advanceTo(T0.plusSeconds(6), TICK);
      assertEquals(List.of(T0.plusSeconds(5)), scheduler.fired());
      String first = id("d", T0.plusSeconds(5));
      // When the invocation only starts, fails and is retried, for 54 s
      scheduler.report(event(scheduler, StatusType.STARTED, "d", first));
      scheduler.report(event(scheduler, StatusType.FAILED, "d", first));
      scheduler.advanceTo(T0.plusSeconds(60), TICK);
      // Then nothing more fires: the timer waits for the final outcome
      assertEquals(List.of(), scheduler.fired());
      assertEquals(List.of(), events(scheduler, StatusType.COMPLETED));
      // When it succeeds, finished at T0 + 58 s
      scheduler.report(finished(scheduler, StatusType.SUCCEEDED, "d", first, T0.plusSeconds(58)));
      // Then the next instant is one period after that outcome, and not before
      scheduler.advanceTo(T0.plusMillis(67_999), TICK);
      assertEquals(List.of(), scheduler.fired());
      scheduler.advanceTo(T0.plusSeconds(70), TICK);
      assertEquals(List.of(T0.plusSeconds(68)), scheduler.fired());
      // When an outcome of another invocation arrives, it is ignored
      scheduler.report(finished(scheduler, StatusType.SUCCEEDED, "d", "d@1", T0.plusSeconds(70)));
      scheduler.advanceTo(T0.plusSeconds(90), TICK);
      assertEquals(List.of(), scheduler.fired());
      // When the awaited one is dead-lettered with no finishedAt, its event time counts
      scheduler.report(
          event(scheduler, StatusType.DEAD_LETTERED, "d", id("d", T0.plusSeconds(68))));
      scheduler.advanceTo(T0.plusSeconds(101), TICK);
      assertEquals(List.of(T0.plusSeconds(100)), scheduler.fired());
    }
  }

  @Test
  void shouldCompleteAFixedDelayTimerAtItsFiringLimit() {
    try (SchedulerDriver scheduler = new SchedulerDriver(T0)) {
      // Given a fixed-delay timer limited to 2 firings
      scheduler.define("lim", fixedDelay(", \"maxFirings\": 2"));
      scheduler.advanceTo(T0.plusSeconds(6), TICK);
      // When both firings have their outcome
      scheduler.report(
          finished(
              scheduler,
              StatusType.SUCCEEDED,
              "lim",
              id("lim", T0.plusSeconds(5)),
              T0.plusSeconds(6)));
      scheduler.advanceTo(T0.plusSeconds(17), TICK);
      scheduler.report(
          finished(
              scheduler,
              StatusType.SUCCEEDED,
              "lim",
              id("lim", T0.plusSeconds(16)),
              T0.plusSeconds(17)));
      scheduler.advanceTo(T0.plusSeconds(60), TICK);
      // Then it fired twice and reported its completion once
      assertEquals(List.of(T0.plusSeconds(5), T0.plusSeconds(16)), scheduler.fired());
      assertEquals(1, events(scheduler, StatusType.COMPLETED).size());
    }
  }

  @Test
  void shouldSendOneInvocationAtMostWhenAFixedDelayTimerCatchesUp() {
    try (SchedulerDriver scheduler = new SchedulerDriver(T0)) {
      // Given a fixed-delay timer every second with misfire FIRE_ALL
      scheduler.define(
          "late",
          "{\"schedule\": {\"every\": \"PT1S\", \"mode\": \"FIXED_DELAY\"}, "
              + TARGET
              + ", \"misfire\": \"FIRE_ALL\"}");
      // When the scheduler is stalled for 3 minutes
      scheduler.driver.advanceWallClockTime(Duration.ofSeconds(180));
      // Then one catch-up invocation is sent, and the timer waits for its outcome
      List<Instant> fired = scheduler.fired();
      assertEquals(List.of(T0.plusSeconds(1)), fired);
      scheduler.advanceBy(Duration.ofSeconds(30), TICK);
      assertEquals(List.of(), scheduler.fired());
    }
  }

  @Test
  void shouldSkipWhileUnfinishedWithForbidAndFireAgainOnceTheOutcomeArrives() {
    try (SchedulerDriver scheduler = new SchedulerDriver(T0)) {
      // Given a FORBID timer every 10 s whose first invocation has no outcome
      scheduler.define("f", every10s(", \"concurrency\": \"FORBID\""));
      scheduler.advanceTo(T0.plusSeconds(11), TICK);
      assertEquals(List.of(T0.plusSeconds(10)), scheduler.fired());
      // When the next instant falls due
      scheduler.advanceTo(T0.plusSeconds(21), TICK);
      // Then it is not sent, and SKIPPED says so
      assertEquals(List.of(), scheduler.fired());
      List<StatusEvent> skipped = events(scheduler, StatusType.SKIPPED);
      assertEquals(1, skipped.size());
      assertEquals(id("f", T0.plusSeconds(20)), skipped.get(0).getInvocationId());
      assertEquals(T0.plusSeconds(20), skipped.get(0).getScheduledAt());
      // When the first invocation succeeds
      scheduler.report(
          finished(
              scheduler,
              StatusType.SUCCEEDED,
              "f",
              id("f", T0.plusSeconds(10)),
              T0.plusSeconds(21)));
      scheduler.advanceTo(T0.plusSeconds(31), TICK);
      // Then the schedule, which moved on, fires again
      assertEquals(List.of(T0.plusSeconds(30)), scheduler.fired());
      assertEquals(List.of(), events(scheduler, StatusType.SKIPPED));
    }
  }

  @Test
  void shouldCancelTheRunningInvocationThenFireWithReplace() {
    try (SchedulerDriver scheduler = new SchedulerDriver(T0)) {
      // Given a REPLACE timer every 10 s whose first invocation has no outcome
      scheduler.define("x", every10s(", \"concurrency\": \"REPLACE\""));
      scheduler.advanceTo(T0.plusSeconds(11), TICK);
      scheduler.fired();
      String first = id("x", T0.plusSeconds(10));
      // When the next instant falls due
      scheduler.advanceTo(T0.plusSeconds(21), TICK);
      // Then a cancel control record for the running one comes first, under the same key, then
      // the new invocation
      List<TestRecord<String, Invocation>> records = scheduler.firedRecords();
      assertEquals(2, records.size());
      assertEquals("x", records.get(0).key());
      assertTrue(records.get(0).value().getCancel());
      assertEquals(first, records.get(0).value().getInvocationId());
      assertEquals(first, header(records.get(0), InvocationHeaders.INVOCATION_ID));
      assertFalse(records.get(1).value().getCancel());
      assertEquals(id("x", T0.plusSeconds(20)), records.get(1).value().getInvocationId());
      // When the executor reports the first CANCELLED, and the second SUCCEEDED
      scheduler.report(finished(scheduler, StatusType.CANCELLED, "x", first, T0.plusSeconds(21)));
      scheduler.report(
          finished(
              scheduler,
              StatusType.SUCCEEDED,
              "x",
              id("x", T0.plusSeconds(20)),
              T0.plusSeconds(22)));
      scheduler.advanceTo(T0.plusSeconds(31), TICK);
      // Then the next firing has nothing to cancel
      records = scheduler.firedRecords();
      assertEquals(1, records.size());
      assertFalse(records.get(0).value().getCancel());
    }
  }

  @Test
  void shouldNotSendTheRetryOfAReplacedInvocation() {
    try (SchedulerDriver scheduler = new SchedulerDriver(T0)) {
      // Given a REPLACE timer whose first invocation has attempt 2 due at T0 + 25 s
      scheduler.define("y", every10s(", \"concurrency\": \"REPLACE\""));
      scheduler.advanceTo(T0.plusSeconds(11), TICK);
      scheduler.fired();
      String first = id("y", T0.plusSeconds(10));
      scheduler.report(retryScheduled(scheduler, "y", first, 2, T0.plusSeconds(25)));
      // When the firing at T0 + 20 s replaces it
      scheduler.advanceTo(T0.plusSeconds(26), TICK);
      // Then the retry is cancelled rather than sent
      List<TestRecord<String, Invocation>> records = scheduler.firedRecords();
      assertEquals(2, records.size(), "the cancel record and the new invocation only");
      List<StatusEvent> cancelled = events(scheduler, StatusType.CANCELLED);
      assertEquals(1, cancelled.size());
      assertEquals(first, cancelled.get(0).getInvocationId());
    }
  }

  @Test
  void shouldNeitherTrackNorSkipAllowTimers() {
    try (SchedulerDriver scheduler = new SchedulerDriver(T0)) {
      // Given an ALLOW timer every 10 s whose invocations never report an outcome
      scheduler.define("a", every10s(""));
      // When 3 instants fall due, and an outcome of the first arrives late
      scheduler.advanceTo(T0.plusSeconds(21), TICK);
      scheduler.report(
          finished(
              scheduler,
              StatusType.SUCCEEDED,
              "a",
              id("a", T0.plusSeconds(10)),
              T0.plusSeconds(21)));
      scheduler.advanceTo(T0.plusSeconds(31), TICK);
      // Then every instant fired, none was skipped or cancelled
      List<TestRecord<String, Invocation>> records = scheduler.firedRecords();
      assertEquals(
          List.of(T0.plusSeconds(10), T0.plusSeconds(20), T0.plusSeconds(30)),
          records.stream().map(r -> r.value().getScheduledAt()).toList());
      assertTrue(records.stream().noneMatch(r -> r.value().getCancel()));
      assertEquals(List.of(), events(scheduler, StatusType.SKIPPED));
    }
  }

  @Test
  void shouldSkipUnreadableStatusRecordsAndKeepScheduling() {
    try (SchedulerDriver scheduler = new SchedulerDriver(T0)) {
      // Given a FORBID timer that fired once
      scheduler.define("s", every10s(", \"concurrency\": \"FORBID\""));
      scheduler.advanceTo(T0.plusSeconds(11), TICK);
      scheduler.fired();
      // When the status topic carries garbage, a retry without its instant, and a bad timer id
      scheduler.rawOutcomes.pipeInput(
          "s".getBytes(StandardCharsets.UTF_8), new byte[] {7, 1, 2}, scheduler.now());
      scheduler.rawOutcomes.pipeInput(
          "s".getBytes(StandardCharsets.UTF_8),
          "{\"type\": \"SUCCEEDED\"".getBytes(StandardCharsets.UTF_8),
          scheduler.now());
      StatusEvent noInstant = retryScheduled(scheduler, "s", "s@1", 2, T0);
      noInstant.setNextAttemptAt(null);
      scheduler.report(noInstant);
      scheduler.report(event(scheduler, StatusType.SUCCEEDED, "bad\u0000id", "bad@1"));
      // And then the final outcome of the first invocation
      scheduler.report(
          finished(
              scheduler,
              StatusType.SUCCEEDED,
              "s",
              id("s", T0.plusSeconds(10)),
              T0.plusSeconds(12)));
      scheduler.advanceTo(T0.plusSeconds(21), TICK);
      // Then the bad records were skipped and the outcome applied
      assertEquals(List.of(T0.plusSeconds(20)), scheduler.fired());
      assertEquals(0, scheduler.deadLetters.getQueueSize());
    }
  }
}

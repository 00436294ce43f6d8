package io.punctual.scheduler.internals.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.CommandType;
import io.punctual.Invocation;
import io.punctual.StatusEvent;
import io.punctual.StatusType;
import io.punctual.contract.DeadLetterHeaders;
import io.punctual.scheduler.SchedulerConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** Commands on punctual.commands: trigger, backfill, pause and resume, and bad commands. */
class CommandsTopologyTest {
  private static final Instant T0 = Instant.parse("2026-06-01T10:00:00Z");
  private static final Duration TICK = Duration.ofMillis(100);
  private static final String EVERY_MINUTE =
      "{\"schedule\": {\"every\": \"PT1M\", \"startAt\": \""
          + T0.plusSeconds(60)
          + "\"}, \"target\": {\"http\": {\"url\": \"http://target.test/out\"}}}";

  @Test
  void shouldFireATriggerNowWithItsManualIdAndKeepTheNextScheduledInstant() {
    try (SchedulerDriver scheduler = new SchedulerDriver(T0)) {
      // Given a timer firing every minute from T0 + 60 s
      scheduler.define("t", EVERY_MINUTE);
      scheduler.advanceBy(Duration.ofSeconds(30), TICK);
      // When it is triggered at T0 + 30 s, and the same command comes again
      scheduler.command(CommandType.TRIGGER, "t", "c1");
      scheduler.command(CommandType.TRIGGER, "t", "c1");
      // Then one invocation fires now, with the manual id, attempt 1
      List<TestRecord<String, Invocation>> fired = scheduler.firedRecords();
      assertEquals(1, fired.size());
      Invocation manual = fired.get(0).value();
      assertEquals("t@manual-c1", manual.getInvocationId());
      assertEquals(T0.plusSeconds(30), manual.getScheduledAt());
      assertEquals(1, manual.getAttempt());
      // And the schedule still fires at T0 + 60 s and T0 + 120 s
      scheduler.advanceBy(Duration.ofSeconds(91), TICK);
      assertEquals(List.of(T0.plusSeconds(60), T0.plusSeconds(120)), scheduler.fired());
    }
  }

  @Test
  void shouldNotCountATriggerTowardsMaxFirings() {
    try (SchedulerDriver scheduler = new SchedulerDriver(T0)) {
      // Given a timer that fires once
      scheduler.define(
          "once", EVERY_MINUTE.substring(0, EVERY_MINUTE.length() - 1) + ", \"maxFirings\": 1}");
      // When it is triggered first
      scheduler.command(CommandType.TRIGGER, "once", "c1");
      scheduler.advanceBy(Duration.ofMinutes(3), TICK);
      // Then the manual firing and its one scheduled firing are sent
      assertEquals(List.of(T0, T0.plusSeconds(60)), scheduler.fired());
    }
  }

  @Test
  void shouldSkipATriggerWhileTheInvocationInFlightIsUnfinishedUnderForbid() {
    try (SchedulerDriver scheduler = new SchedulerDriver(T0)) {
      // Given a FORBID timer whose first invocation is unfinished
      scheduler.define(
          "f",
          EVERY_MINUTE.substring(0, EVERY_MINUTE.length() - 1) + ", \"concurrency\": \"FORBID\"}");
      scheduler.advanceBy(Duration.ofSeconds(61), TICK);
      assertEquals(List.of(T0.plusSeconds(60)), scheduler.fired());
      scheduler.statusEvents();
      // When it is triggered
      scheduler.command(CommandType.TRIGGER, "f", "c1");
      // Then nothing fires, and the trigger is reported SKIPPED under its manual id
      assertEquals(List.of(), scheduler.fired());
      List<StatusEvent> events = scheduler.statusEvents();
      assertEquals(1, events.size());
      assertEquals(StatusType.SKIPPED, events.get(0).getType());
      assertEquals("f@manual-c1", events.get(0).getInvocationId());
    }
  }

  @Test
  void shouldRejectATriggerOfAnUnknownTimer() {
    try (SchedulerDriver scheduler = new SchedulerDriver(T0)) {
      // Given no timer "ghost"
      // When it is triggered
      scheduler.command(CommandType.TRIGGER, "ghost", "c9");
      // Then nothing fires, and a REJECTED event names the command
      assertEquals(List.of(), scheduler.fired());
      List<StatusEvent> events = scheduler.statusEvents();
      assertEquals(1, events.size());
      assertEquals(StatusType.REJECTED, events.get(0).getType());
      assertEquals("ghost", events.get(0).getTimerId());
      assertEquals("ghost@manual-c9", events.get(0).getInvocationId());
      assertTrue(events.get(0).getError().contains("command c9 (TRIGGER)"), events.toString());
    }
  }

  @Test
  void shouldBackfillExactlyTheInstantsOfTheRangeInOrder() {
    try (SchedulerDriver scheduler = new SchedulerDriver(T0)) {
      // Given a cron at 09:00, 12:00 and 18:00 in New York (UTC-4 in May)
      scheduler.define(
          "nyc",
          "{\"schedule\": {\"cron\": \"0 9,12,18 * * *\", \"timeZone\": \"America/New_York\"},"
              + " \"target\": {\"http\": {\"url\": \"http://target.test/out\"}}}");
      // When the UTC day of 30 May is backfilled
      scheduler.command(
          CommandType.BACKFILL,
          "nyc",
          "b1",
          Instant.parse("2026-05-30T00:00:00Z"),
          Instant.parse("2026-05-31T00:00:00Z"));
      // Then exactly its three instants fire, in order, with their regular ids
      List<TestRecord<String, Invocation>> fired = scheduler.firedRecords();
      List<Instant> expected =
          List.of(
              Instant.parse("2026-05-30T13:00:00Z"),
              Instant.parse("2026-05-30T16:00:00Z"),
              Instant.parse("2026-05-30T22:00:00Z"));
      assertEquals(expected, fired.stream().map(r -> r.value().getScheduledAt()).toList());
      assertEquals(
          expected.stream().map(i -> "nyc@" + i.toEpochMilli()).toList(),
          fired.stream().map(r -> r.value().getInvocationId()).toList());
      // And the schedule does not move: its next firing is still 13:00Z today (09:00 EDT)
      scheduler.advanceTo(Instant.parse("2026-06-01T13:00:01Z"), Duration.ofSeconds(10));
      assertEquals(List.of(Instant.parse("2026-06-01T13:00:00Z")), scheduler.fired());
    }
  }

  @Test
  void shouldRefuseABackfillWithMoreInstantsThanTheBound() {
    try (SchedulerDriver scheduler =
        new SchedulerDriver(T0, Map.of(SchedulerConfig.BACKFILL_MAX_FIRINGS_CONFIG, "2"))) {
      // Given a timer every minute and a bound of 2 instants per backfill
      scheduler.define("t", EVERY_MINUTE);
      scheduler.advanceBy(Duration.ofMinutes(5), Duration.ofSeconds(1));
      scheduler.fired();
      scheduler.statusEvents();
      // When a range of 3 instants is backfilled
      scheduler.command(CommandType.BACKFILL, "t", "b1", T0.plusSeconds(60), T0.plusSeconds(180));
      // Then nothing fires, and a REJECTED event says why
      assertEquals(List.of(), scheduler.fired());
      List<StatusEvent> events = scheduler.statusEvents();
      assertEquals(1, events.size());
      assertEquals(StatusType.REJECTED, events.get(0).getType());
      assertTrue(events.get(0).getError().contains("more than 2 instants"), events.toString());
    }
  }

  @Test
  void shouldRejectAnInvalidCommandToTheDeadLetters() {
    try (SchedulerDriver scheduler = new SchedulerDriver(T0)) {
      // Given a timer
      scheduler.define("t", EVERY_MINUTE);
      // When a backfill without its range, a future backfill and garbage arrive
      scheduler.jsonCommands.pipeInput(
          "t",
          "{\"type\": \"BACKFILL\", \"timerId\": \"t\", \"commandId\": \"b1\", \"requestedAt\": \""
              + T0
              + "\"}",
          T0);
      scheduler.command(CommandType.BACKFILL, "t", "b2", T0.minusSeconds(60), T0.plusSeconds(3600));
      scheduler.jsonCommands.pipeInput("t", "not json", T0);
      // Then all three go to the dead letters naming the field, each with a REJECTED event
      List<TestRecord<byte[], byte[]>> dead = scheduler.deadLetters.readRecordsToList();
      assertEquals(
          List.of("from", "to", "$"),
          dead.stream().map(r -> header(r, DeadLetterHeaders.ERROR_FIELD)).toList());
      assertNotNull(dead.get(2).headers().lastHeader(DeadLetterHeaders.ORIGIN_OFFSET));
      assertEquals(
          3,
          scheduler.statusEvents().stream()
              .filter(e -> e.getType() == StatusType.REJECTED)
              .count());
      assertEquals(List.of(), scheduler.fired());
    }
  }

  @Test
  void shouldAcceptCommandsWrittenAsPlainJson() {
    try (SchedulerDriver scheduler = new SchedulerDriver(T0.plusSeconds(3600))) {
      // Given a timer every minute
      scheduler.define("t", EVERY_MINUTE);
      // When a trigger and a backfill are produced as JSON text, as with a console producer
      scheduler.jsonCommands.pipeInput(
          "t",
          "{\"type\": \"TRIGGER\", \"timerId\": \"t\", \"commandId\": \"7f9c\","
              + " \"requestedAt\": \"2026-06-01T11:00:00Z\"}");
      scheduler.jsonCommands.pipeInput(
          "t",
          "{\"type\": \"BACKFILL\", \"timerId\": \"t\", \"commandId\": \"b-1\","
              + " \"requestedAt\": \"2026-06-01T11:00:00Z\", \"from\": \"2026-06-01T10:01:00Z\","
              + " \"to\": \"2026-06-01T10:02:00Z\"}");
      // Then both fire
      assertEquals(
          List.of(
              "t@manual-7f9c",
              "t@" + T0.plusSeconds(60).toEpochMilli(),
              "t@" + T0.plusSeconds(120).toEpochMilli()),
          scheduler.firedRecords().stream().map(r -> r.value().getInvocationId()).toList());
    }
  }

  private static String header(TestRecord<byte[], byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  @Test
  void shouldPauseAndResumeByCommandApplyingTheMisfirePolicy() {
    try (SchedulerDriver scheduler = new SchedulerDriver(T0)) {
      // Given a timer every minute, paused by command after its first firing
      scheduler.define("p", EVERY_MINUTE);
      scheduler.advanceBy(Duration.ofSeconds(61), TICK);
      assertEquals(List.of(T0.plusSeconds(60)), scheduler.fired());
      scheduler.command(CommandType.PAUSE, "p", "pause-1");
      // When 5 minutes pass
      scheduler.advanceBy(Duration.ofMinutes(5), Duration.ofSeconds(1));
      // Then nothing fires
      assertEquals(List.of(), scheduler.fired());
      // When it is resumed at T0 + 361 s (FIRE_ONCE, threshold 60 s)
      scheduler.command(CommandType.RESUME, "p", "resume-1");
      scheduler.advanceBy(Duration.ofSeconds(1), TICK);
      // Then one catch-up fires for 120 s .. 300 s, and 360 s fires as it is (1 s late)
      List<TestRecord<String, Invocation>> fired = scheduler.firedRecords();
      assertEquals(
          List.of(T0.plusSeconds(300), T0.plusSeconds(360)),
          fired.stream().map(r -> r.value().getScheduledAt()).toList());
      assertEquals(4, fired.get(0).value().getCoalesced());
    }
  }

  @Test
  void shouldLetANewDefinitionClearThePauseOverride() {
    try (SchedulerDriver scheduler = new SchedulerDriver(T0)) {
      // Given a timer paused by command
      scheduler.define("p", EVERY_MINUTE);
      scheduler.command(CommandType.PAUSE, "p", "pause-1");
      scheduler.advanceBy(Duration.ofSeconds(61), TICK);
      assertEquals(List.of(), scheduler.fired());
      // When its definition (not paused) is produced again
      scheduler.define("p", EVERY_MINUTE);
      scheduler.advanceBy(Duration.ofSeconds(60), TICK);
      // Then the definition wins: it fires again
      assertEquals(List.of(T0.plusSeconds(60), T0.plusSeconds(120)), scheduler.fired());
    }
  }
}

package io.punctual.scheduler.internals.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.punctual.Invocation;
import io.punctual.InvocationHeaders;
import io.punctual.StatusEvent;
import io.punctual.StatusType;
import io.punctual.scheduler.SchedulerConfig;
import io.punctual.scheduler.internals.metrics.SchedulerMeters;
import io.punctual.scheduler.internals.state.DeletionMarker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** The scheduler topology, driven through its topics with a controlled wall clock. */
class SchedulerTopologyTest {
  private static final Instant T0 = Instant.parse("2026-06-01T10:00:00Z");
  private static final Duration TICK = Duration.ofMillis(100);
  private static final String TARGET =
      "\"target\": {\"http\": {\"url\": \"http://target.test/out\"}}";

  private static String timer(String schedule) {
    return "{\"schedule\": " + schedule + ", " + TARGET + "}";
  }

  private static String timer(String schedule, String extra) {
    return "{\"schedule\": " + schedule + ", " + TARGET + ", " + extra + "}";
  }

  @Test
  void shouldEmitInvocationWithIdHeadersAndTimestampNotBeforeItsInstant() {
    try (SchedulerDriver scheduler = new SchedulerDriver(T0)) {
      // Given a timer due at T0 + 10 s
      Instant at = T0.plusSeconds(10);
      scheduler.define("once", timer("{\"at\": \"" + at + "\"}"));
      scheduler.advanceTo(at.minusMillis(1), TICK);
      assertEquals(0, scheduler.triggers.getQueueSize());
      scheduler.advanceTo(at.plusSeconds(5), TICK);
      List<TestRecord<String, Invocation>> records = scheduler.firedRecords();
      assertEquals(1, records.size());
      TestRecord<String, Invocation> record = records.get(0);
      String id = "once@" + at.toEpochMilli();
      assertEquals("once", record.key());
      assertEquals(id, record.value().getInvocationId());
      assertEquals(at, record.value().getScheduledAt());
      assertEquals(1, record.value().getAttempt());
      assertFalse(record.timestamp() < at.toEpochMilli(), "emitted before its instant");
      assertEquals("once", header(record, InvocationHeaders.TIMER_ID));
      assertEquals(id, header(record, InvocationHeaders.INVOCATION_ID));
      assertEquals(
          Long.toString(at.toEpochMilli()), header(record, InvocationHeaders.SCHEDULED_AT));
      assertEquals("1", header(record, InvocationHeaders.ATTEMPT));
    }
  }

  private static String header(TestRecord<String, Invocation> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  @Test
  void shouldFireAfterDelayCountedFromTheRecordTimestamp() {
    try (SchedulerDriver scheduler = new SchedulerDriver(T0)) {
      scheduler.define("delay", timer("{\"after\": \"PT30S\"}"));
      scheduler.advanceBy(Duration.ofMinutes(1), TICK);
      assertEquals(List.of(T0.plusSeconds(30)), scheduler.fired());
    }
  }

  @Test
  void shouldFireEveryPeriodAtFixedRate() {
    try (SchedulerDriver scheduler = new SchedulerDriver(T0)) {
      scheduler.define(
          "rate", timer("{\"every\": \"PT10S\", \"startAt\": \"" + T0.plusSeconds(5) + "\"}"));
      scheduler.advanceBy(Duration.ofSeconds(40), TICK);
      assertEquals(
          List.of(T0.plusSeconds(5), T0.plusSeconds(15), T0.plusSeconds(25), T0.plusSeconds(35)),
          scheduler.fired());
    }
  }

  @Test
  void shouldFireEveryPeriodFromTheDefinitionWhenNoStartIsGiven() {
    try (SchedulerDriver scheduler = new SchedulerDriver(T0)) {
      scheduler.define("rate", timer("{\"every\": \"PT20S\"}"));
      scheduler.advanceBy(Duration.ofSeconds(45), TICK);
      assertEquals(List.of(T0.plusSeconds(20), T0.plusSeconds(40)), scheduler.fired());
    }
  }

  @Test
  void shouldHonourStartAtEndAtAndMaxFirings() {
    try (SchedulerDriver scheduler = new SchedulerDriver(T0)) {
      // Given one timer limited by a window and one by a count
      scheduler.define(
          "window",
          timer(
              "{\"every\": \"PT1S\", \"startAt\": \"" + T0 + "\"}",
              "\"startAt\": \""
                  + T0.plusSeconds(5)
                  + "\", \"endAt\": \""
                  + T0.plusSeconds(8)
                  + "\""));
      scheduler.define(
          "counted",
          timer(
              "{\"every\": \"PT1S\", \"startAt\": \"" + T0.plusMillis(500) + "\"}",
              "\"maxFirings\": 3"));
      // When a minute passes
      scheduler.advanceBy(Duration.ofMinutes(1), TICK);
      // Then the window fired from startAt to endAt inclusive, and the counted one 3 times
      List<TestRecord<String, Invocation>> records = scheduler.firedRecords();
      List<Instant> window = new ArrayList<>();
      List<Instant> counted = new ArrayList<>();
      for (TestRecord<String, Invocation> record : records) {
        (record.key().equals("window") ? window : counted).add(record.value().getScheduledAt());
      }
      assertEquals(
          List.of(T0.plusSeconds(5), T0.plusSeconds(6), T0.plusSeconds(7), T0.plusSeconds(8)),
          window);
      assertEquals(List.of(T0.plusMillis(500), T0.plusMillis(1500), T0.plusMillis(2500)), counted);
      // And each reported its completion
      List<String> completed =
          scheduler.statusEvents().stream()
              .filter(e -> e.getType() == StatusType.COMPLETED)
              .map(StatusEvent::getTimerId)
              .sorted()
              .toList();
      assertEquals(List.of("counted", "window"), completed);
    }
  }

  @Test
  void shouldRescheduleOnUpdateAndCancelOnDelete() {
    try (SchedulerDriver scheduler = new SchedulerDriver(T0)) {
      // Given a timer every 10 s that fired once
      scheduler.define(
          "t", timer("{\"every\": \"PT10S\", \"startAt\": \"" + T0.plusSeconds(10) + "\"}"));
      scheduler.advanceBy(Duration.ofSeconds(15), TICK);
      assertEquals(List.of(T0.plusSeconds(10)), scheduler.fired());
      // When its schedule changes to every 3 s from T0 + 30 s
      scheduler.define(
          "t", timer("{\"every\": \"PT3S\", \"startAt\": \"" + T0.plusSeconds(30) + "\"}"));
      scheduler.advanceTo(T0.plusSeconds(37), TICK);
      // Then only the new schedule fires (not T0 + 20 s of the old one)
      assertEquals(
          List.of(T0.plusSeconds(30), T0.plusSeconds(33), T0.plusSeconds(36)), scheduler.fired());
      // When it is deleted
      scheduler.define("t", null);
      scheduler.advanceBy(Duration.ofSeconds(30), TICK);
      // Then nothing more fires
      assertEquals(List.of(), scheduler.fired());
    }
  }

  @Test
  void shouldFireNoInstantTwiceWhenAScheduleChangeIsAppliedAfterTheOldScheduleFiredPastIt() {
    try (SchedulerDriver scheduler = new SchedulerDriver(T0)) {
      // Given a timer every 2 s from T0 + 2 s that fired up to T0 + 10 s
      scheduler.define(
          "t", timer("{\"every\": \"PT2S\", \"startAt\": \"" + T0.plusSeconds(2) + "\"}"));
      scheduler.advanceBy(Duration.ofMillis(10_500), TICK);
      assertEquals(5, scheduler.fired().size());
      // When a change to every second, written at T0 + 5 s, is applied only now (the task was
      // catching up on its due firings before it read the change)
      scheduler.define(
          "t",
          timer("{\"every\": \"PT1S\", \"startAt\": \"" + T0.plusSeconds(2) + "\"}"),
          T0.plusSeconds(5));
      scheduler.advanceTo(T0.plusMillis(13_500), TICK);
      // Then the new schedule starts after the last instant fired: T0 + 6, 8 and 10 s do not fire
      // again, nor do T0 + 5, 7 and 9 s fire late
      assertEquals(
          List.of(T0.plusSeconds(11), T0.plusSeconds(12), T0.plusSeconds(13)), scheduler.fired());
    }
  }

  @Test
  void shouldFireNoInstantTwiceWhenATimerDeletedLateIsDefinedAgain() {
    try (SchedulerDriver scheduler = new SchedulerDriver(T0)) {
      // Given a timer every second from T0 + 1 s that fired up to T0 + 10 s
      String every = timer("{\"every\": \"PT1S\", \"startAt\": \"" + T0.plusSeconds(1) + "\"}");
      scheduler.define("t", every);
      scheduler.advanceBy(Duration.ofMillis(10_500), TICK);
      assertEquals(10, scheduler.fired().size());
      // When its tombstone, written at T0 + 4 s, and its new definition, written at T0 + 6 s, are
      // applied only now (the task was catching up on its due firings before it read them)
      scheduler.define("t", null, T0.plusSeconds(4));
      assertInstanceOf(DeletionMarker.class, scheduler.stored("t"));
      scheduler.define("t", every, T0.plusSeconds(6));
      scheduler.advanceTo(T0.plusMillis(13_500), TICK);
      // Then the timer defined again starts after the last instant fired: T0 + 6 to 10 s do not
      // fire again
      assertEquals(
          List.of(T0.plusSeconds(11), T0.plusSeconds(12), T0.plusSeconds(13)), scheduler.fired());
    }
  }

  @Test
  void shouldForgetADeletedTimerAtOnceOrAfterItsMarkersRetention() {
    try (SchedulerDriver scheduler = new SchedulerDriver(T0)) {
      // Given two timers every second that fired up to T0 + 10 s
      String every = timer("{\"every\": \"PT1S\", \"startAt\": \"" + T0.plusSeconds(1) + "\"}");
      scheduler.define("timely", every);
      scheduler.define("late", every);
      scheduler.advanceBy(Duration.ofMillis(10_500), TICK);
      assertEquals(20, scheduler.fired().size());
      // When one is deleted now, and the other by a tombstone written at T0 + 4 s
      scheduler.define("timely", null);
      scheduler.define("late", null, T0.plusSeconds(4));
      // Then the first is gone at once; the second leaves a marker, gone after an hour and more
      assertNull(scheduler.stored("timely"));
      assertInstanceOf(DeletionMarker.class, scheduler.stored("late"));
      scheduler.advanceBy(Duration.ofMinutes(59), Duration.ofMinutes(1));
      assertInstanceOf(DeletionMarker.class, scheduler.stored("late"));
      scheduler.advanceBy(Duration.ofMinutes(2), Duration.ofMinutes(1));
      assertNull(scheduler.stored("late"));
      assertEquals(List.of(), scheduler.fired());
    }
  }

  @Test
  void shouldFireAOneShotReplacingAScheduleUnlessTheScheduleFiredThatInstant() {
    try (SchedulerDriver scheduler = new SchedulerDriver(T0)) {
      // Given two timers every 2 s from T0 + 2 s that fired up to T0 + 10 s
      String every = timer("{\"every\": \"PT2S\", \"startAt\": \"" + T0.plusSeconds(2) + "\"}");
      scheduler.define("fired", every);
      scheduler.define("other", every);
      scheduler.advanceBy(Duration.ofMillis(10_500), TICK);
      assertEquals(10, scheduler.fired().size());
      // When each becomes a one-shot in the past: at an instant it fired, and at one it did not
      scheduler.define("fired", timer("{\"at\": \"" + T0.plusSeconds(8) + "\"}"));
      scheduler.define("other", timer("{\"at\": \"" + T0.plusSeconds(7) + "\"}"));
      scheduler.advanceBy(Duration.ofSeconds(1), TICK);
      // Then only the instant not fired yet fires
      assertEquals(List.of(T0.plusSeconds(7)), scheduler.fired());
    }
  }

  @Test
  void shouldKeepTheScheduleWhenAnotherFieldIsUpdated() {
    try (SchedulerDriver scheduler = new SchedulerDriver(T0)) {
      String schedule = "{\"every\": \"PT10S\", \"startAt\": \"" + T0.plusSeconds(10) + "\"}";
      scheduler.define("t", timer(schedule));
      scheduler.advanceBy(Duration.ofSeconds(12), TICK);
      scheduler.define("t", timer(schedule, "\"labels\": {\"team\": \"b\"}"));
      scheduler.advanceTo(T0.plusSeconds(31), TICK);
      List<TestRecord<String, Invocation>> records = scheduler.firedRecords();
      assertEquals(
          List.of(T0.plusSeconds(10), T0.plusSeconds(20), T0.plusSeconds(30)),
          records.stream().map(r -> r.value().getScheduledAt()).toList());
      assertEquals(Map.of("team", "b"), records.get(2).value().getLabels());
    }
  }

  @Test
  void shouldFireNothingWhilePausedAndApplyTheMisfirePolicyOnResume() {
    try (SchedulerDriver scheduler = new SchedulerDriver(T0)) {
      String schedule = "{\"every\": \"PT10S\", \"startAt\": \"" + T0.plusSeconds(10) + "\"}";
      scheduler.define("p", timer(schedule));
      scheduler.advanceBy(Duration.ofSeconds(11), TICK);
      assertEquals(List.of(T0.plusSeconds(10)), scheduler.fired());
      // When paused for 5 minutes
      scheduler.define("p", timer(schedule, "\"paused\": true"));
      scheduler.advanceBy(Duration.ofMinutes(5), Duration.ofSeconds(1));
      assertEquals(List.of(), scheduler.fired());
      // And resumed (FIRE_ONCE by default)
      scheduler.define("p", timer(schedule));
      scheduler.advanceBy(Duration.ofMillis(500), TICK);
      // Then one catch-up fires for the instants missed more than the threshold (60 s) ago, and
      // the instants within the threshold fire as they are
      List<TestRecord<String, Invocation>> records = scheduler.firedRecords();
      Instant resumed = T0.plusSeconds(311);
      List<Instant> instants = records.stream().map(r -> r.value().getScheduledAt()).toList();
      assertTrue(records.get(0).value().getCoalesced() > 1, "first is a catch-up: " + instants);
      assertTrue(instants.get(0).isBefore(resumed.minusSeconds(60)), instants.toString());
      assertEquals(
          List.of(
              T0.plusSeconds(260),
              T0.plusSeconds(270),
              T0.plusSeconds(280),
              T0.plusSeconds(290),
              T0.plusSeconds(300),
              T0.plusSeconds(310)),
          instants.subList(1, instants.size()));
      long misfired =
          scheduler.statusEvents().stream().filter(e -> e.getType() == StatusType.MISFIRED).count();
      assertEquals(23, misfired, "24 missed instants (20 s .. 250 s), one fired as the catch-up");
    }
  }

  @Test
  void shouldFireOnceForAllMissedInstantsWithFireOnce() {
    assertMisfire("FIRE_ONCE", 1, 118);
  }

  @Test
  void shouldFireEveryMissedInstantUpToTheCapWithFireAll() {
    assertMisfire("FIRE_ALL", 100, 19);
  }

  @Test
  void shouldFireNoMissedInstantWithSkip() {
    assertMisfire("SKIP", 0, 119);
  }

  /** A timer every second misses 2 minutes at once; 60 s threshold, FIRE_ALL cap 100. */
  private static void assertMisfire(String policy, int catchUpFirings, int misfiredEvents) {
    try (SchedulerDriver scheduler = new SchedulerDriver(T0)) {
      // Given a timer firing every second
      scheduler.define(
          "m",
          timer(
              "{\"every\": \"PT1S\", \"startAt\": \"" + T0.plusSeconds(1) + "\"}",
              "\"misfire\": \"" + policy + "\""));
      // When the scheduler is stalled for 180 s (one punctuation after it)
      scheduler.driver.advanceWallClockTime(Duration.ofSeconds(180));
      // Then instants more than 60 s late (1 s .. 119 s, and 120 s is exactly 60 s: not late)
      // are handled by the policy, and the rest (120 s .. 180 s) fire as usual
      List<Instant> fired = scheduler.fired();
      long late = fired.stream().filter(i -> i.isBefore(T0.plusSeconds(120))).count();
      long onTime = fired.stream().filter(i -> !i.isBefore(T0.plusSeconds(120))).count();
      assertEquals(catchUpFirings, late, policy + " catch-up firings");
      assertEquals(61, onTime, policy + " firings within the threshold");
      long misfired =
          scheduler.statusEvents().stream().filter(e -> e.getType() == StatusType.MISFIRED).count();
      assertEquals(misfiredEvents, misfired, policy + " MISFIRED events");
    }
  }

  @Test
  void shouldFireInDueOrderAcrossTimers() {
    try (SchedulerDriver scheduler = new SchedulerDriver(T0)) {
      for (int i = 0; i < 50; i++) {
        Instant at = T0.plusMillis(1000 + (i * 7919L) % 5000);
        scheduler.define("t" + i, timer("{\"at\": \"" + at + "\"}"));
      }
      scheduler.driver.advanceWallClockTime(Duration.ofSeconds(10));
      List<Instant> fired = scheduler.fired();
      assertEquals(50, fired.size());
      assertEquals(fired.stream().sorted().toList(), fired);
    }
  }

  @Test
  void shouldEmitUpToTheLookaheadEarlyAndNeverMore() {
    try (SchedulerDriver scheduler =
        new SchedulerDriver(T0, Map.of(SchedulerConfig.LOOKAHEAD_MS_CONFIG, "500"))) {
      Instant at = T0.plusSeconds(10);
      scheduler.define("l", timer("{\"at\": \"" + at + "\"}"));
      scheduler.advanceTo(at.minusMillis(501), Duration.ofMillis(10));
      assertEquals(0, scheduler.triggers.getQueueSize());
      scheduler.advanceTo(at, Duration.ofMillis(10));
      TestRecord<String, Invocation> record = scheduler.firedRecords().get(0);
      assertEquals(at, record.value().getScheduledAt());
      assertTrue(record.timestamp() >= at.toEpochMilli() - 500, "at most 500 ms early");
    }
  }

  @Test
  void shouldCountFiringsAndTheirLatenessAfterTheLookahead() {
    try (SchedulerDriver scheduler =
        new SchedulerDriver(T0, Map.of(SchedulerConfig.LOOKAHEAD_MS_CONFIG, "500"))) {
      // Given three one-shot timers, due at 10 s, 20 s and 30 s
      for (int i = 1; i <= 3; i++) {
        scheduler.define("m" + i, timer("{\"at\": \"" + T0.plusSeconds(10L * i) + "\"}"));
      }

      // When the wall clock moves in 100 ms ticks past all of them
      scheduler.advanceBy(Duration.ofSeconds(40), TICK);

      // Then each first attempt is counted once, with its lateness after the lookahead's start
      assertEquals(3, scheduler.fired().size());
      assertEquals(3.0, scheduler.meters.get(SchedulerMeters.FIRINGS).counter().count());
      Timer lateness = scheduler.meters.get(SchedulerMeters.LATENESS).timer();
      assertEquals(3, lateness.count());
      assertTrue(lateness.max(TimeUnit.MILLISECONDS) < TICK.toMillis(), "within one tick");
      Gauge backlog =
          scheduler.meters.get(SchedulerMeters.DUE_BACKLOG).tag("partition", "0").gauge();
      assertEquals(0.0, backlog.value());
    }
  }

  @Test
  void shouldStopAPunctuationAtItsBudgetAndFireTheRestInDueOrderNext() {
    // Given a budget of 5 ms, a clock that moves 1 ms each time the scheduler reads it, and
    // 3,000 timers due at the same instant
    AtomicLong nanos = new AtomicLong();
    LongSupplier clock = () -> nanos.addAndGet(1_000_000);
    try (SchedulerDriver scheduler =
        new SchedulerDriver(T0, Map.of(SchedulerConfig.PUNCTUATE_BUDGET_MS_CONFIG, "5"), clock)) {
      defineDueTogether(scheduler, 3000, T0.plusSeconds(1));

      // When one punctuation runs after the instant
      scheduler.driver.advanceWallClockTime(Duration.ofSeconds(2));

      // Then it fired some but stopped at its budget, and reported what it left
      long first = scheduler.triggers.getQueueSize();
      assertTrue(first > 0 && first < 3000, "fired in the first run: " + first);
      Gauge backlog =
          scheduler.meters.get(SchedulerMeters.DUE_BACKLOG).tag("partition", "0").gauge();
      assertEquals(3000 - first, backlog.value());

      // And the next runs fire the rest, each once, in due order (ids in order within an instant)
      scheduler.advanceBy(Duration.ofSeconds(5), TICK);
      List<String> ids =
          scheduler.firedRecords().stream().map(r -> r.value().getTimerId()).toList();
      assertEquals(3000, ids.size());
      assertEquals(ids.stream().sorted().distinct().toList(), ids);
      assertEquals(0.0, backlog.value());
    }
  }

  @Test
  void shouldRestAfterARunCutShortWhileInputLagsSoThatInputGetsItsShare() {
    // Given a budget of 1 ms, a clock that moves 10 µs each time the scheduler reads it, and
    // 3,000 timers due at the same instant, firing behind after a first run
    AtomicLong nanos = new AtomicLong();
    LongSupplier clock = () -> nanos.addAndGet(10_000);
    try (SchedulerDriver scheduler =
        new SchedulerDriver(T0, Map.of(SchedulerConfig.PUNCTUATE_BUDGET_MS_CONFIG, "1"), clock)) {
      defineDueTogether(scheduler, 3000, T0.plusSeconds(1));
      List<String> fired = new ArrayList<>();
      scheduler.driver.advanceWallClockTime(Duration.ofSeconds(2));
      fired.addAll(firedIds(scheduler));
      assertTrue(fired.size() < 3000, "fired in the first run: " + fired.size());

      // When input lags: a definition applied 2 s after its record's timestamp
      scheduler.define("later", timer("{\"at\": \"" + T0.plusSeconds(3600) + "\"}"), T0);

      // Then the next run still fires, and its budget cuts it short
      scheduler.driver.advanceWallClockTime(TICK);
      List<String> second = firedIds(scheduler);
      assertTrue(!second.isEmpty() && fired.size() + second.size() < 3000, "" + second.size());
      fired.addAll(second);

      // And the run after it rests, firing nothing, leaving the thread to input
      scheduler.driver.advanceWallClockTime(TICK);
      assertEquals(List.of(), firedIds(scheduler));

      // And once input has caught up, later runs fire the rest, each timer once, in due order
      nanos.addAndGet(Duration.ofSeconds(2).toNanos());
      scheduler.advanceBy(Duration.ofSeconds(5), TICK);
      fired.addAll(firedIds(scheduler));
      assertEquals(3000, fired.size());
      assertEquals(fired.stream().sorted().distinct().toList(), fired);
      assertTrue(scheduler.meters.get(SchedulerMeters.FIRING_RESTED).counter().count() > 0);
    }
  }

  /** Defines {@code count} one-shot timers due at {@code at}, ids in due order within it. */
  private static void defineDueTogether(SchedulerDriver scheduler, int count, Instant at) {
    for (int i = 0; i < count; i++) {
      scheduler.define(String.format("b%04d", i), timer("{\"at\": \"" + at + "\"}"));
    }
  }

  private static List<String> firedIds(SchedulerDriver scheduler) {
    return scheduler.firedRecords().stream().map(r -> r.value().getTimerId()).toList();
  }

  @Test
  void shouldApplyTheSameJitterOnEveryReplay() {
    List<Instant> first = jittered();
    List<Instant> second = jittered();
    assertEquals(first, second);
    for (int i = 0; i < first.size(); i++) {
      Instant nominal = T0.plusSeconds(10L * (i + 1));
      assertFalse(first.get(i).isBefore(nominal));
      assertTrue(first.get(i).isBefore(nominal.plusSeconds(5)));
    }
  }

  private static List<Instant> jittered() {
    try (SchedulerDriver scheduler = new SchedulerDriver(T0)) {
      scheduler.define(
          "j",
          timer(
              "{\"every\": \"PT10S\", \"startAt\": \"" + T0.plusSeconds(10) + "\"}",
              "\"jitter\": \"PT5S\""));
      scheduler.advanceBy(Duration.ofSeconds(60), TICK);
      return scheduler.fired();
    }
  }

  @Test
  void shouldUseSerdesPluggedByClassName() {
    // Given a deserializer and a serializer named by class, as Confluent's would be
    Map<String, String> plugged =
        Map.of(
            SchedulerConfig.TIMERS_DESERIALIZER_CONFIG,
            "org.apache.kafka.common.serialization.StringDeserializer",
            SchedulerConfig.OUTPUT_SERIALIZER_CONFIG,
            "io.punctual.serde.JsonRecordSerializer");
    try (SchedulerDriver scheduler = new SchedulerDriver(T0, plugged)) {
      // When a timer arrives and falls due
      scheduler.define("plugged", timer("{\"after\": \"PT1S\"}"));
      scheduler.advanceBy(Duration.ofSeconds(2), TICK);
      // Then it was read by the plugged deserializer and written by the plugged serializer
      assertEquals(List.of(T0.plusSeconds(1)), scheduler.fired());
    }
  }
}

package io.punctual.scheduler.internals.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.CommandType;
import io.punctual.StatusEvent;
import io.punctual.StatusType;
import io.punctual.TimerDefinition;
import io.punctual.contract.DeadLetterHeaders;
import io.punctual.contract.SourceHeaders;
import io.punctual.json.AvroJson;
import io.punctual.scheduler.internals.NodeNames;
import io.punctual.scheduler.internals.metrics.SchedulerMeters;
import io.punctual.scheduler.internals.state.LiveTimer;
import io.punctual.scheduler.internals.state.NextFiring;
import io.punctual.scheduler.internals.state.StatusHistory;
import io.punctual.scheduler.internals.state.TimerState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * What one timer or one record cannot do to the others: a timer that throws is parked and the task
 * goes on; a timer keeps its namespace; a deleted timer's history does not reach its successor; a
 * lost outcome does not stop a timer forever.
 */
class SafetyTopologyTest {
  private static final Instant T0 = Instant.parse("2026-06-01T10:00:00Z");
  private static final Duration TICK = Duration.ofMillis(100);
  private static final String EVERY_SECOND =
      "{\"schedule\": {\"every\": \"PT1S\"}, \"target\": {\"http\": {\"url\": \"http://target.test/out\"}}}";

  private static String inNamespace(String namespace) {
    return "{\"namespace\": \""
        + namespace
        + "\", \"schedule\": {\"every\": \"PT1S\"}, \"target\": {\"http\": {\"url\": \"http://target.test/out\"}}}";
  }

  private static List<StatusEvent> events(List<StatusEvent> events, StatusType type, String id) {
    return events.stream().filter(e -> e.getType() == type && e.getTimerId().equals(id)).toList();
  }

  @Test
  void shouldParkATimerThatThrowsAndKeepFiringTheOtherTimersOfTheTask() {
    try (SchedulerDriver scheduler = new SchedulerDriver(T0)) {
      // Given two timers firing every second
      scheduler.define("a", EVERY_SECOND);
      scheduler.define("b", EVERY_SECOND);
      // And a FORBID timer with an invocation in flight, stored by an older version that accepted
      // a week-long timeout, which the contract now refuses
      String legacy =
          "{\"schedule\": {\"every\": \"PT1H\"}, \"concurrency\": \"FORBID\", \"target\":"
              + " {\"http\": {\"url\": \"http://x/\", \"timeout\": \"P1W\"}}}";
      KeyValueStore<String, TimerState> timers =
          scheduler.driver.getKeyValueStore(NodeNames.TIMERS_STORE);
      timers.put(
          "poison",
          LiveTimer.builder()
              .definition(
                  AvroJson.fromJson(legacy.getBytes(StandardCharsets.UTF_8), TimerDefinition.class))
              .anchor(T0.toEpochMilli())
              .cursor(T0.toEpochMilli())
              .next(new NextFiring.Held(T0.plusSeconds(3600).toEpochMilli()))
              .firings(1)
              .inFlight("poison@" + T0.toEpochMilli(), T0.toEpochMilli())
              .build());

      // When it is triggered by command, which throws, and the clock runs for 3 s
      scheduler.command(CommandType.TRIGGER, "poison", "c-1");
      scheduler.advanceBy(Duration.ofSeconds(3), TICK);

      // Then it is parked with a FAILED event naming the cause, and fires nothing
      List<StatusEvent> events = scheduler.statusEvents();
      List<StatusEvent> failed = events(events, StatusType.FAILED, "poison");
      assertEquals(1, failed.size(), events.toString());
      assertTrue(failed.get(0).getError().contains("parked"), failed.get(0).getError());
      assertTrue(
          failed.get(0).getError().contains("target.http.timeout"), failed.get(0).getError());
      assertEquals(1.0, scheduler.meters.counter(SchedulerMeters.PARKED).count());
      assertEquals(NextFiring.UNSCHEDULED, ((LiveTimer) scheduler.stored("poison")).next());
      // And the other timers of the task keep firing
      List<String> fired =
          scheduler.firedRecords().stream().map(r -> r.value().getTimerId()).toList();
      assertEquals(3, fired.stream().filter("a"::equals).count(), fired.toString());
      assertEquals(3, fired.stream().filter("b"::equals).count(), fired.toString());
      assertEquals(0, fired.stream().filter("poison"::equals).count(), fired.toString());
    }
  }

  @Test
  void shouldRefuseADefinitionThatMovesATimerToAnotherNamespace() {
    try (SchedulerDriver scheduler = new SchedulerDriver(T0)) {
      // Given a timer of namespace a
      scheduler.define("x", inNamespace("a"));

      // When a definition of the same id names namespace b
      scheduler.define("x", inNamespace("b"));

      // Then it is dead-lettered with a REJECTED event naming the namespace, and x stays in a
      assertEquals(1, scheduler.deadLetters.readRecordsToList().size());
      List<StatusEvent> rejected = events(scheduler.statusEvents(), StatusType.REJECTED, "x");
      assertEquals(1, rejected.size());
      assertTrue(rejected.get(0).getError().startsWith("namespace:"), rejected.get(0).getError());
      assertEquals("a", scheduler.stored("x").definition().getNamespace());
      // And the rejection, which names namespace b, is not shown in x's history
      assertEquals(
          List.of(),
          StatusHistory.newestOf(scheduler.history(), "x", "a", 10).stream()
              .filter(e -> e.getType() == StatusType.REJECTED)
              .toList());
    }
  }

  @Test
  void shouldRefuseADefinitionWrittenForAnotherNamespaceAndNameTheOutboxRowInTheReason() {
    try (SchedulerDriver scheduler = new SchedulerDriver(T0)) {
      // Given records from outbox rows 7 and 8, written for namespace billing
      Headers ofBilling = new RecordHeaders();
      ofBilling.add(SourceHeaders.NAMESPACE, "billing".getBytes(StandardCharsets.UTF_8));
      ofBilling.add(SourceHeaders.OUTBOX_ID, "7".getBytes(StandardCharsets.UTF_8));
      ofBilling.add(DeadLetterHeaders.NAMESPACE, "forged".getBytes(StandardCharsets.UTF_8));
      Headers alsoBilling = new RecordHeaders();
      alsoBilling.add(SourceHeaders.NAMESPACE, "billing".getBytes(StandardCharsets.UTF_8));
      alsoBilling.add(SourceHeaders.OUTBOX_ID, "8".getBytes(StandardCharsets.UTF_8));

      // When one names namespace shipping and the other namespace billing
      scheduler.timers.pipeInput(
          new TestRecord<>("x", inNamespace("shipping"), ofBilling, T0.toEpochMilli()));
      scheduler.timers.pipeInput(
          new TestRecord<>("y", inNamespace("billing"), alsoBilling, T0.toEpochMilli()));

      // Then the first is dead-lettered, its reason naming the field and the outbox row
      List<StatusEvent> rejected = events(scheduler.statusEvents(), StatusType.REJECTED, "x");
      assertEquals(1, rejected.size());
      String reason = rejected.get(0).getError();
      assertTrue(reason.startsWith("namespace: outbox row 7: "), reason);
      assertTrue(reason.contains("'shipping'") && reason.contains("'billing'"), reason);
      Headers letter = scheduler.deadLetters.readRecordsToList().get(0).headers();
      Header error = letter.lastHeader("punctual-error");
      assertEquals(reason, new String(error.value(), StandardCharsets.UTF_8));
      // And the letter, like its event, names no namespace (its two claims differ): the forged
      // header is dropped, so only admin tokens see it
      List<String> namespaces = new java.util.ArrayList<>();
      letter
          .headers(DeadLetterHeaders.NAMESPACE)
          .forEach(h -> namespaces.add(new String(h.value(), StandardCharsets.UTF_8)));
      assertEquals(List.of(), namespaces);
      assertEquals(null, rejected.get(0).getNamespace());
      // And the second is a timer of namespace billing
      assertEquals("billing", scheduler.stored("y").definition().getNamespace());
    }
  }

  @Test
  void shouldPurgeTheHistoryOfADeletedTimerFromItsSuccessor() {
    try (SchedulerDriver scheduler = new SchedulerDriver(T0)) {
      // Given a timer of namespace a with an outcome in its history
      scheduler.define("x", inNamespace("a"));
      scheduler.report(outcome("x", "a", 1));
      assertEquals(1, StatusHistory.newestOf(scheduler.history(), "x", "a", 10).size());

      // When it is deleted, a late outcome of it arrives, and namespace b defines the same id
      scheduler.define("x", null);
      scheduler.report(outcome("x", "a", 2));
      scheduler.define("x", inNamespace("b"));

      // Then the new timer's history shows nothing of the old one
      assertEquals(List.of(), StatusHistory.newestOf(scheduler.history(), "x", "b", 10));
    }
  }

  @Test
  void shouldPresumeTheLostOutcomeOfAFixedDelayTimerAfterItsBound() {
    try (SchedulerDriver scheduler = new SchedulerDriver(T0)) {
      // Given a fixed-delay timer with a 1 s timeout and no retry: its bound is 1 s + 5 min
      scheduler.define(
          "fd",
          "{\"schedule\": {\"every\": \"PT10S\", \"mode\": \"FIXED_DELAY\", \"startAt\": \""
              + T0.plusSeconds(1)
              + "\"}, \"target\": {\"http\": {\"url\": \"http://x/\", \"timeout\": \"PT1S\"}}}");
      scheduler.advanceBy(Duration.ofSeconds(2), TICK);
      assertEquals(List.of(T0.plusSeconds(1)), scheduler.fired());

      // When its outcome never comes
      scheduler.advanceBy(Duration.ofMinutes(5), Duration.ofSeconds(1));
      assertEquals(List.of(), scheduler.fired());
      scheduler.advanceBy(Duration.ofSeconds(12), TICK);

      // Then once the bound passed, a FAILED event says the outcome is presumed lost, and the
      // timer fires again one period later
      List<StatusEvent> failed = events(scheduler.statusEvents(), StatusType.FAILED, "fd");
      assertEquals(1, failed.size());
      assertEquals("fd@" + T0.plusSeconds(1).toEpochMilli(), failed.get(0).getInvocationId());
      assertTrue(failed.get(0).getError().contains("presumed lost"), failed.get(0).getError());
      assertEquals(1, scheduler.fired().size());
      assertEquals(1.0, scheduler.meters.counter(SchedulerMeters.IN_FLIGHT_EXPIRED).count());
    }
  }

  @Test
  void shouldLetAForbidTimerFireAgainOnceItsInvocationInFlightIsPresumedLost() {
    try (SchedulerDriver scheduler = new SchedulerDriver(T0)) {
      // Given a FORBID timer every 10 s with a 1 s timeout, whose first outcome never comes
      scheduler.define(
          "f",
          "{\"schedule\": {\"every\": \"PT10S\"}, \"concurrency\": \"FORBID\", \"target\":"
              + " {\"http\": {\"url\": \"http://x/\", \"timeout\": \"PT1S\"}}}");
      scheduler.advanceBy(Duration.ofSeconds(10), TICK);
      assertEquals(1, scheduler.fired().size());

      // When the clock runs past its bound (1 s + 5 min)
      scheduler.advanceBy(Duration.ofMinutes(5).plusSeconds(15), Duration.ofSeconds(1));

      // Then firings were skipped until then, and the next one went through with a FAILED event
      List<StatusEvent> events = scheduler.statusEvents();
      assertEquals(30, events(events, StatusType.SKIPPED, "f").size());
      assertEquals(1, events(events, StatusType.FAILED, "f").size());
      assertEquals(1, scheduler.fired().size());
    }
  }

  private StatusEvent outcome(String timerId, String namespace, int second) {
    return StatusEvent.newBuilder()
        .setType(StatusType.SUCCEEDED)
        .setTimerId(timerId)
        .setNamespace(namespace)
        .setInvocationId(timerId + "@" + second)
        .setAt(T0.plusSeconds(second))
        .build();
  }
}

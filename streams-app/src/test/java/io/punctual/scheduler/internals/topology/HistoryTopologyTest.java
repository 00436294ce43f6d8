package io.punctual.scheduler.internals.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.punctual.InvocationHeaders;
import io.punctual.StatusEvent;
import io.punctual.StatusType;
import io.punctual.scheduler.SchedulerConfig;
import io.punctual.scheduler.internals.state.StatusHistory;
import io.punctual.serde.JsonRecordSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** The history store: the newest status events of each timer, bounded per timer. */
class HistoryTopologyTest {
  private static final Instant T0 = Instant.parse("2026-06-01T10:00:00Z");

  private static StatusEvent event(String timerId, StatusType type, int second) {
    return StatusEvent.newBuilder()
        .setType(type)
        .setTimerId(timerId)
        .setInvocationId(timerId + "@" + second)
        .setAt(T0.plusSeconds(second))
        .build();
  }

  @Test
  void shouldKeepTheNewestEventsOfEachTimerNewestFirst() {
    try (SchedulerDriver scheduler =
        new SchedulerDriver(T0, Map.of(SchedulerConfig.HISTORY_SIZE_CONFIG, "3"))) {
      // Given a history of 3 events per timer
      // When timer a gets 5 events, one of them out of order, and timer ab one
      for (int second : new int[] {1, 2, 5, 3, 4}) {
        scheduler.report(event("a", StatusType.STARTED, second));
      }
      scheduler.report(event("ab", StatusType.SUCCEEDED, 9));
      // Then a keeps its 3 newest, newest first, and ab its own
      assertEquals(
          List.of(T0.plusSeconds(5), T0.plusSeconds(4), T0.plusSeconds(3)),
          StatusHistory.newest(scheduler.history(), "a", 10).stream()
              .map(StatusEvent::getAt)
              .toList());
      assertEquals(
          List.of("ab@9"),
          StatusHistory.newest(scheduler.history(), "ab", 10).stream()
              .map(StatusEvent::getInvocationId)
              .toList());
      assertEquals(2, StatusHistory.newest(scheduler.history(), "a", 2).size());
    }
  }

  @Test
  void shouldKeepTheSchedulersOwnEvents() {
    try (SchedulerDriver scheduler = new SchedulerDriver(T0)) {
      // Given no timer "ghost"
      // When a command about it is rejected
      scheduler.command(io.punctual.CommandType.TRIGGER, "ghost", "c1");
      // Then the REJECTED event is in its history
      assertEquals(
          List.of(StatusType.REJECTED),
          StatusHistory.newest(scheduler.history(), "ghost", 10).stream()
              .map(StatusEvent::getType)
              .toList());
    }
  }

  @Test
  void shouldKeepEachOfTheSchedulersOwnEventsOnceAsItPublishesIt() {
    try (SchedulerDriver scheduler = new SchedulerDriver(T0)) {
      // Given a one-shot timer that fires and completes, the status topic read back meanwhile
      Instant at = T0.plusSeconds(1);
      scheduler.define(
          "once",
          "{\"schedule\": {\"at\": \""
              + at
              + "\"}, \"target\": {\"http\": {\"url\": \"http://target.test/out\"}}}");
      scheduler.advanceTo(at.plusSeconds(1), Duration.ofMillis(100));
      // Then its COMPLETED event names the scheduler as its source and is in the history once
      TestRecord<String, StatusEvent> completed = scheduler.status.readRecord();
      assertEquals(StatusType.COMPLETED, completed.value().getType());
      assertEquals(
          InvocationHeaders.SCHEDULER,
          new String(
              completed.headers().lastHeader(InvocationHeaders.SOURCE).value(),
              StandardCharsets.UTF_8));
      assertEquals(List.of(StatusType.COMPLETED), types(scheduler, "once"));
      // When the executor reports the outcome, and the COMPLETED record is read once more
      scheduler.report(event("once", StatusType.SUCCEEDED, 5));
      scheduler.rawOutcomes.pipeInput(
          new TestRecord<>(
              "once".getBytes(StandardCharsets.UTF_8),
              new JsonRecordSerializer<StatusEvent>().serialize("", completed.value()),
              completed.headers(),
              completed.timestamp()));
      // Then the outcome is kept, and the scheduler's event still once
      assertEquals(List.of(StatusType.SUCCEEDED, StatusType.COMPLETED), types(scheduler, "once"));
    }
  }

  @Test
  void shouldShowTheCompletedEventItsStateKeepsUntilTheNextDefinitionStoresIt() {
    try (SchedulerDriver scheduler = new SchedulerDriver(T0)) {
      // Given a one-shot timer that fired and completed, and its outcome reported
      Instant first = T0.plusSeconds(1);
      scheduler.define("once", oneShot(first));
      scheduler.advanceTo(first.plusSeconds(1), Duration.ofMillis(100));
      scheduler.report(event("once", StatusType.SUCCEEDED, 5));
      // Then the history store holds only the outcome: the state keeps the COMPLETED event,
      // and the history shows both, newest first
      assertEquals(
          List.of(StatusType.SUCCEEDED),
          StatusHistory.newest(scheduler.history(), "once", 10).stream()
              .map(StatusEvent::getType)
              .toList());
      assertEquals(List.of(StatusType.SUCCEEDED, StatusType.COMPLETED), types(scheduler, "once"));
      // When it is defined again, due later, and fires and completes again
      Instant second = scheduler.now().plusSeconds(10);
      scheduler.define("once", oneShot(second));
      assertEquals(
          List.of(StatusType.SUCCEEDED, StatusType.COMPLETED),
          StatusHistory.newest(scheduler.history(), "once", 10).stream()
              .map(StatusEvent::getType)
              .toList());
      scheduler.advanceTo(second.plusSeconds(1), Duration.ofMillis(100));
      // Then both COMPLETED events are shown, each at the instant it was published
      List<StatusEvent> shown =
          StatusHistory.shown(scheduler.history(), "once", scheduler.stored("once"), 10);
      assertEquals(
          List.of(StatusType.COMPLETED, StatusType.SUCCEEDED, StatusType.COMPLETED),
          shown.stream().map(StatusEvent::getType).toList());
      List<StatusEvent> published =
          scheduler.statusEvents().stream()
              .filter(event -> event.getType() == StatusType.COMPLETED)
              .toList();
      assertEquals(
          List.of(published.get(1), published.get(0)), List.of(shown.get(0), shown.get(2)));
      // and a limit counts it
      assertEquals(
          List.of(StatusType.COMPLETED),
          StatusHistory.shown(scheduler.history(), "once", scheduler.stored("once"), 1).stream()
              .map(StatusEvent::getType)
              .toList());
    }
  }

  private static String oneShot(Instant at) {
    return "{\"schedule\": {\"at\": \""
        + at
        + "\"}, \"target\": {\"http\": {\"url\": \"http://target.test/out\"}}}";
  }

  private static List<StatusType> types(SchedulerDriver scheduler, String timerId) {
    return StatusHistory.shown(scheduler.history(), timerId, scheduler.stored(timerId), 10).stream()
        .map(StatusEvent::getType)
        .toList();
  }
}

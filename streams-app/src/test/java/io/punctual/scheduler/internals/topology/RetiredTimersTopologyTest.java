package io.punctual.scheduler.internals.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.InvocationHeaders;
import io.punctual.StatusEvent;
import io.punctual.StatusType;
import io.punctual.scheduler.internals.NodeNames;
import io.punctual.scheduler.internals.state.LiveTimer;
import io.punctual.scheduler.internals.state.NextFiring;
import io.punctual.scheduler.internals.state.StatusHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * A one-shot timer that fired leaves nothing behind: its state is kept past the bound of its
 * invocation and an hour more, then removed with its history; a recurring timer keeps its state.
 */
class RetiredTimersTopologyTest {
  private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
  private static final Duration STEP = Duration.ofMillis(100);
  private static final Instant AT = START.plusSeconds(2);
  private static final String ONE_SHOT =
      "{\"schedule\": {\"at\": \""
          + AT
          + "\"}, \"target\": {\"http\": {\"url\": \"http://target.test/once\","
          + " \"timeout\": \"PT10S\"}}}";

  @Test
  void shouldRemoveAFiredOneShotsStateAndHistoryOnceItsTimeIsUp() {
    try (SchedulerDriver driver = new SchedulerDriver(START)) {
      // Given a one-shot timer that fired, and whose call succeeded
      driver.define("once", ONE_SHOT);
      driver.advanceTo(AT.plusMillis(200), STEP);
      assertEquals(List.of(AT), driver.fired());
      driver.report(
          StatusEvent.newBuilder()
              .setType(StatusType.SUCCEEDED)
              .setTimerId("once")
              .setInvocationId(InvocationHeaders.invocationId("once", AT.toEpochMilli()))
              .setAttempt(1)
              .setAt(driver.now())
              .setInstance("executor-1")
              .build());

      // Then its state is kept, retired: indexed for its removal past the invocation's bound (a
      // 10 s timeout and 5 min of grace) and an hour more
      LiveTimer retired = (LiveTimer) driver.stored("once");
      NextFiring.Retired next = assertInstanceOf(NextFiring.Retired.class, retired.next());
      Duration kept = Duration.between(AT, Instant.ofEpochMilli(next.removeAt()));
      assertTrue(kept.compareTo(Duration.ofMinutes(65)) >= 0, kept.toString());
      assertTrue(kept.compareTo(Duration.ofMinutes(66)) < 0, kept.toString());
      assertTrue(!StatusHistory.newest(driver.history(), "once", 10).isEmpty(), "history");

      // When that time is up
      driver.advanceTo(
          Instant.ofEpochMilli(next.removeAt()).plusSeconds(1), Duration.ofSeconds(30));

      // Then its state, its index entry and its history are gone, and it fired nothing more
      assertNull(driver.stored("once"));
      assertEquals(List.of(), StatusHistory.newest(driver.history(), "once", 10));
      assertEquals(List.of(), entries(driver, NodeNames.DUE_INDEX_STORE));
      assertEquals(List.of(), driver.fired());
    }
  }

  @Test
  void shouldNotFireAgainWhenTheSameDefinitionComesAgainWhileRetired() {
    try (SchedulerDriver driver = new SchedulerDriver(START)) {
      // Given a one-shot timer that fired
      driver.define("once", ONE_SHOT);
      driver.advanceTo(AT.plusMillis(200), STEP);
      assertEquals(List.of(AT), driver.fired());

      // When a producer that sends twice writes the same definition again, half an hour later
      driver.advanceBy(Duration.ofMinutes(30), Duration.ofSeconds(30));
      driver.define("once", ONE_SHOT);
      driver.advanceBy(Duration.ofMinutes(1), Duration.ofSeconds(1));

      // Then it does not fire again, and it is still retired, to be removed later
      assertEquals(List.of(), driver.fired());
      assertInstanceOf(NextFiring.Retired.class, ((LiveTimer) driver.stored("once")).next());
    }
  }

  @Test
  void shouldKeepARecurringTimerWhoseScheduleEnded() {
    try (SchedulerDriver driver = new SchedulerDriver(START)) {
      // Given a timer every second with two firings at most, which fired them
      driver.define(
          "twice",
          "{\"schedule\": {\"every\": \"PT1S\"}, \"maxFirings\": 2,"
              + " \"target\": {\"http\": {\"url\": \"http://target.test/twice\"}}}");
      driver.advanceBy(Duration.ofSeconds(3), STEP);
      assertEquals(2, driver.fired().size());

      // When days pass, then its state stays: a definition of it may extend its window
      driver.advanceBy(Duration.ofDays(2), Duration.ofMinutes(10));
      assertEquals(NextFiring.UNSCHEDULED, ((LiveTimer) driver.stored("twice")).next());
    }
  }

  private static List<KeyValue<Bytes, byte[]>> entries(SchedulerDriver driver, String store) {
    KeyValueStore<Bytes, byte[]> index = driver.driver.getKeyValueStore(store);
    try (KeyValueIterator<Bytes, byte[]> all = index.all()) {
      List<KeyValue<Bytes, byte[]>> entries = new java.util.ArrayList<>();
      all.forEachRemaining(entries::add);
      return entries;
    }
  }
}

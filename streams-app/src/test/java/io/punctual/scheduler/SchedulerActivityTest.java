package io.punctual.scheduler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.punctual.StatusEvent;
import io.punctual.StatusType;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SchedulerActivityTest {
  private static final long T0 = Instant.parse("2027-01-01T10:00:00Z").toEpochMilli();

  private final AtomicLong now = new AtomicLong(T0);
  private final SchedulerActivity activity = new SchedulerActivity(now::get);

  private static StatusEvent event(StatusType type, String namespace, Integer attempt, Long late) {
    return StatusEvent.newBuilder()
        .setType(type)
        .setTimerId("t")
        .setNamespace(namespace)
        .setAttempt(attempt)
        .setAt(Instant.ofEpochMilli(T0))
        .setLatenessMillis(late)
        .build();
  }

  @Test
  void shouldCountEachMinuteOfTheLastHourPerNamespace() {
    // Given firings and outcomes of two namespaces in two minutes
    activity.fired("billing");
    activity.fired("search");
    activity.kept(event(StatusType.SUCCEEDED, "billing", 1, 7L));
    activity.kept(event(StatusType.FAILED, "search", 1, 40L));
    now.addAndGet(60_000);
    activity.fired("billing");
    activity.kept(event(StatusType.FAILED, "billing", 2, 3L));
    activity.kept(event(StatusType.DEAD_LETTERED, "billing", 2, null));
    activity.kept(event(StatusType.REJECTED, null, null, null));
    activity.kept(event(StatusType.STARTED, "billing", 1, 5L));

    // When billing's hour is read
    List<SchedulerActivity.MinuteActivity> hour = activity.lastHour("billing"::equals);

    // Then it has 60 minutes, the last two holding billing's counts only
    assertEquals(SchedulerActivity.MINUTES, hour.size());
    SchedulerActivity.MinuteActivity first = hour.get(58);
    SchedulerActivity.MinuteActivity second = hour.get(59);
    assertEquals(T0, first.startMillis());
    assertEquals(1, first.firings());
    assertEquals(0, first.failures());
    assertEquals(1, first.lateness()[SchedulerActivity.bucket(7)]);
    assertEquals(1, second.firings());
    assertEquals(1, second.failures());
    assertEquals(1, second.deadLetters());
    assertEquals(0, java.util.Arrays.stream(second.lateness()).sum(), "retries and STARTED");
    assertEquals(0, hour.get(0).firings());

    // And a caller seeing every namespace sees the rejection without one
    assertEquals(2, activity.lastHour(namespace -> true).get(59).deadLetters());
  }

  @Test
  void shouldForgetMinutesOlderThanAnHour() {
    // Given a firing an hour ago
    activity.fired("billing");

    // When an hour has passed
    now.addAndGet(SchedulerActivity.MINUTES * 60_000L);

    // Then no minute holds it
    assertEquals(false, activity.overflowed());
    assertEquals(0, activity.lastHour(n -> true).stream().mapToLong(m -> m.firings()).sum());
  }

  @Test
  void shouldCountNamespacesPastTheLimitTogetherForCallersThatSeeAll() {
    // Given more namespaces in one minute than are tracked
    for (int i = 0; i < SchedulerActivity.MAX_NAMESPACES + 10; i++) {
      activity.fired("ns-" + i);
    }

    // Then the last ten are counted together, shown only to a caller seeing every namespace, and
    // the hour says so
    assertEquals(true, activity.overflowed());
    assertEquals(
        SchedulerActivity.MAX_NAMESPACES + 10L, activity.lastHour(n -> true).get(59).firings());
    assertEquals(
        0,
        activity
            .lastHour(n -> n.equals("ns-" + (SchedulerActivity.MAX_NAMESPACES + 5)))
            .get(59)
            .firings());
  }

  @Test
  void shouldBucketLatenessByUpperBound() {
    assertEquals(0, SchedulerActivity.bucket(0));
    assertEquals(1, SchedulerActivity.bucket(1));
    assertEquals(3, SchedulerActivity.bucket(4));
    assertEquals(
        SchedulerActivity.LATENESS_BOUNDS_MS.length, SchedulerActivity.bucket(Long.MAX_VALUE));
    assertArrayEquals(
        new long[SchedulerActivity.LATENESS_BOUNDS_MS.length + 1],
        activity.lastHour(n -> true).get(0).lateness());
  }
}

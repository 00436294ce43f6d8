package io.punctual.scheduler.internals.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.punctual.scheduler.SchedulerActivity;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SchedulerMetersTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final SchedulerMeters meters =
      new SchedulerMeters(registry, 500, new SchedulerActivity(() -> 0L));

  private Gauge gauge(String name, int partition) {
    return registry.find(name).tag("partition", Integer.toString(partition)).gauge();
  }

  @Test
  void shouldReportWhatAPunctuationLeftDueAndHowLateTheOldestIs() {
    // Given the backlog of partition 3
    SchedulerMeters.Backlog backlog = meters.openBacklog(3);

    // When a run leaves 42 firings, the oldest due 10.5 s ago with a lookahead of 500 ms
    backlog.update(42, 100_000, 110_000);

    // Then the gauges show them; a run that leaves nothing resets both
    assertEquals(42.0, gauge(SchedulerMeters.DUE_BACKLOG, 3).value());
    assertEquals(10.5, gauge(SchedulerMeters.DUE_LAG, 3).value());
    backlog.update(0, 120_000, 120_000);
    assertEquals(0.0, gauge(SchedulerMeters.DUE_BACKLOG, 3).value());
    assertEquals(0.0, gauge(SchedulerMeters.DUE_LAG, 3).value());
  }

  @Test
  void shouldKeepAPartitionsGaugesUntilItsLastHolderCloses() {
    // Given a partition held by two tasks of this instance (one closing, one opening)
    SchedulerMeters.Backlog first = meters.openBacklog(1);
    SchedulerMeters.Backlog second = meters.openBacklog(1);

    // When the first closes, the gauges stay; when the second closes, they go
    first.close();
    assertEquals(0.0, gauge(SchedulerMeters.DUE_BACKLOG, 1).value());
    second.close();
    assertNull(gauge(SchedulerMeters.DUE_BACKLOG, 1));
    assertNull(gauge(SchedulerMeters.DUE_LAG, 1));
  }

  @Test
  void shouldMeasureLatenessFromTheInstantLessTheLookahead() {
    // Given a firing at 10 000 emitted at 9 700 (300 ms early, within the 500 ms lookahead)
    meters.fired("ns", 10_000, 9_700);
    // and one at 20 000 emitted at 20 100
    meters.fired("ns", 20_000, 20_100);

    // Then both are counted, 200 ms and 600 ms late with respect to their emission time
    assertEquals(2.0, registry.get(SchedulerMeters.FIRINGS).counter().count());
    assertEquals(
        800.0, registry.get(SchedulerMeters.LATENESS).timer().totalTime(TimeUnit.MILLISECONDS));
  }
}

package io.punctual.scheduler.internals.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

/** How a stream thread shares its time between firing and input while both are behind. */
class InputPaceTest {
  private static final long MS = 1_000_000L;
  private static final TaskId TASK_0 = new TaskId(0, 0);
  private static final TaskId TASK_1 = new TaskId(0, 1);

  private final AtomicLong nanos = new AtomicLong(-5_000 * MS);
  private final InputPace pace = new InputPace(1_000, 0.5, nanos::get);

  @Test
  void shouldNeverRestWhileInputKeepsUp() {
    // Given input processed within the lag threshold, and a task behind in firing
    pace.input(10_000, 10_900);
    pace.echo(10_000, 10_900);
    pace.ran(TASK_0, true, nanos.get());

    // Then it does not rest
    assertEquals(0, pace.rest(50 * MS, nanos.get()));
  }

  @Test
  void shouldRestAsLongAsItFiredWhileDefinitionsLag() {
    // Given a definition processed 2 s after its timestamp, and a task behind in firing
    pace.input(10_000, 12_000);
    pace.ran(TASK_0, true, nanos.get());

    // Then the task rests as long as it fired: firing takes half the thread
    assertEquals(50 * MS, pace.rest(50 * MS, nanos.get()));
  }

  @Test
  void shouldRestLongerWithMoreTasksOfTheThreadBehind() {
    // Given input lagging and two tasks of the thread behind in firing
    pace.input(10_000, 12_000);
    pace.ran(TASK_0, true, nanos.get());
    pace.ran(TASK_1, true, nanos.get());

    // Then each rests three times what it fired: both together take half the thread
    assertEquals(150 * MS, pace.rest(50 * MS, nanos.get()));

    // And once one has fired everything due, the other alone rests as long as it fired
    pace.ran(TASK_0, false, nanos.get());
    assertEquals(50 * MS, pace.rest(50 * MS, nanos.get()));

    // And a task not cut short for a while no longer counts either
    pace.ran(TASK_0, true, nanos.get());
    nanos.addAndGet(InputPace.TASK_HOLD_NANOS);
    pace.input(10_000, 12_000);
    pace.ran(TASK_1, true, nanos.get());
    assertEquals(50 * MS, pace.rest(50 * MS, nanos.get()));
  }

  @Test
  void shouldLeaveTheEchoOfTheFiringsOnlyAFewPercentOfTheThread() {
    // Given only status events lagging (the echo of the firings)
    pace.echo(10_000, 12_000);
    pace.ran(TASK_0, true, nanos.get());

    // Then firing takes 95 % of the thread
    long rest = pace.rest(95 * MS, nanos.get());
    assertTrue(Math.abs(rest - 5 * MS) < MS / 100, "rest " + rest);

    // And with definitions or commands lagging too, the configured share
    pace.input(10_000, 12_000);
    assertEquals(95 * MS, pace.rest(95 * MS, nanos.get()));
  }

  @Test
  void shouldStopLaggingSoonAfterTheLastLaggingRecord() {
    // Given input that lagged, then kept up
    pace.input(10_000, 12_000);
    pace.ran(TASK_0, true, nanos.get());
    nanos.addAndGet(InputPace.HOLD_NANOS - MS);
    pace.input(12_000, 12_100);
    assertEquals(50 * MS, pace.rest(50 * MS, nanos.get()));

    // When the hold has passed since the lagging record
    nanos.addAndGet(MS);

    // Then nothing lags: no run rests
    assertEquals(0, pace.rest(50 * MS, nanos.get()));
  }

  @Test
  void shouldNeverRestWithAFullShare() {
    InputPace unpaced = new InputPace(1_000, 1.0, nanos::get);
    unpaced.input(10_000, 60_000);
    unpaced.ran(TASK_0, true, nanos.get());

    assertEquals(0, unpaced.rest(50 * MS, nanos.get()));
  }

  @Test
  void shouldGiveEachStreamThreadItsOwnPace() throws Exception {
    InputPaces paces = new InputPaces(1_000, 0.5, nanos::get);

    InputPace elsewhere = CompletableFuture.supplyAsync(paces::ofThisThread).get();

    assertSame(paces.ofThisThread(), paces.ofThisThread());
    assertNotSame(paces.ofThisThread(), elsewhere);
  }
}

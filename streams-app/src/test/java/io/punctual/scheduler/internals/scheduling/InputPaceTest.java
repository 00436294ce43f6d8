package io.punctual.scheduler.internals.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    // Given input processed within the lag threshold
    pace.input(10_000, 10_900);

    // Then a run its budget cut short does not rest
    assertEquals(0, pace.rest(TASK_0, 50 * MS, true, nanos.get()));
  }

  @Test
  void shouldRestAsLongAsItFiredWhenInputLagsAndFiringTakesHalf() {
    // Given input processed 2 s after its timestamp
    pace.input(10_000, 12_000);

    // Then a run its budget cut short rests as long as it fired: firing takes half the thread
    assertEquals(50 * MS, pace.rest(TASK_0, 50 * MS, true, nanos.get()));

    // And a run that fired everything due does not rest
    assertEquals(0, pace.rest(TASK_0, 20 * MS, false, nanos.get()));
  }

  @Test
  void shouldRestLongerWithMoreTasksOfTheThreadBehind() {
    // Given input lagging and two tasks of the thread behind in firing
    pace.input(10_000, 12_000);
    pace.rest(TASK_0, 50 * MS, true, nanos.get());

    // Then each rests three times what it fired: both together take half the thread
    assertEquals(150 * MS, pace.rest(TASK_1, 50 * MS, true, nanos.get()));

    // And once the first has not been cut short for a while, the second alone rests as long as it
    // fired
    nanos.addAndGet(InputPace.TASK_HOLD_NANOS);
    pace.input(10_000, 12_000);
    assertEquals(50 * MS, pace.rest(TASK_1, 50 * MS, true, nanos.get()));
  }

  @Test
  void shouldStopRestingSoonAfterTheLastLaggingInput() {
    // Given input that lagged, then kept up
    pace.input(10_000, 12_000);
    nanos.addAndGet(InputPace.INPUT_HOLD_NANOS - MS);
    pace.input(12_000, 12_100);
    assertTrue(pace.inputBehind(nanos.get()));
    assertEquals(50 * MS, pace.rest(TASK_0, 50 * MS, true, nanos.get()));

    // When the hold has passed since the lagging record
    nanos.addAndGet(MS);

    // Then input no longer counts behind (a resting task fires again), and no run rests
    assertFalse(pace.inputBehind(nanos.get()));
    assertEquals(0, pace.rest(TASK_0, 50 * MS, true, nanos.get()));
  }

  @Test
  void shouldNeverRestWithAFullShare() {
    InputPace unpaced = new InputPace(1_000, 1.0, nanos::get);
    unpaced.input(10_000, 60_000);

    assertEquals(0, unpaced.rest(TASK_0, 50 * MS, true, nanos.get()));
  }

  @Test
  void shouldGiveEachStreamThreadItsOwnPace() throws Exception {
    InputPaces paces = new InputPaces(1_000, 0.5, nanos::get);

    InputPace elsewhere = CompletableFuture.supplyAsync(paces::ofThisThread).get();

    assertSame(paces.ofThisThread(), paces.ofThisThread());
    assertNotSame(paces.ofThisThread(), elsewhere);
  }
}

package io.punctual.executor.internal.engine;

import static io.punctual.executor.internal.engine.EngineFixture.NOW;
import static io.punctual.executor.internal.engine.EngineFixture.retry;
import static io.punctual.executor.internal.engine.EngineFixture.trigger;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.executor.internal.engine.EngineFixture.ManualTimers;
import io.punctual.executor.internal.engine.EngineFixture.RecordedPartition;
import io.punctual.executor.internal.engine.Execution.State;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The states of one execution and the transitions between them, without an engine. */
class ExecutionTest {
  private final ManualTimers timers = new ManualTimers();
  private final RecordedPartition partition = new RecordedPartition();
  private final AtomicInteger dues = new AtomicInteger();

  private Execution taken(long offset) {
    return new Execution(trigger("e", NOW, retry(3, "PT1S"), offset), partition);
  }

  private Execution attempting() {
    Execution e = taken(1);
    e.hold(timers, dues::incrementAndGet);
    assertTrue(e.queue(() -> {}));
    assertTrue(e.start());
    return e;
  }

  @Test
  void shouldGoFromTakenToSucceededThroughEveryLiveState() {
    // Given a taken execution
    Execution e = taken(1);
    assertEquals(State.TAKEN, e.state());

    // When it is held, becomes due, starts and succeeds
    e.hold(timers, dues::incrementAndGet);
    assertEquals(State.HELD, e.state());
    timers.fire();
    assertTrue(e.queue(() -> {}));
    assertEquals(State.QUEUED, e.state());
    assertTrue(e.start());
    assertEquals(State.ATTEMPTING, e.state());

    // Then it ends SUCCEEDED, after its timer ran once at its instant
    assertEquals(State.SUCCEEDED, e.end(State.SUCCEEDED));
    assertEquals(1, dues.get());
    assertEquals(NOW, timers.last().at);
  }

  @Test
  void shouldHoldTheNextAttemptOfALocalRetry() {
    // Given an attempting execution
    Execution e = attempting();

    // When it retries here
    State reached = e.retryHere(NOW.plusSeconds(1), timers, dues::incrementAndGet);

    // Then it is held for attempt 2 at that instant
    assertEquals(State.HELD, reached);
    assertEquals(2, e.attempt());
    assertEquals(NOW.plusSeconds(1), e.dueAt());
    assertEquals(NOW.plusSeconds(1), timers.last().at);
  }

  @Test
  void shouldEndAnAttemptWithTheVerdictGiven() {
    for (State verdict : List.of(State.DEAD_LETTERED, State.RETRY_SCHEDULED, State.DROPPED)) {
      // Given an attempting execution; When it ends with a verdict; Then that is its state
      Execution e = attempting();
      assertEquals(verdict, e.end(verdict));
      assertTrue(e.state().isFinal());
    }
  }

  @Test
  void shouldRefuseAVerdictThatNoAttemptReaches() {
    // Given an attempting execution; When it is told to end HELD or CANCELLED; Then it refuses
    Execution e = attempting();
    assertThrows(IllegalArgumentException.class, () -> e.end(State.HELD));
    assertThrows(IllegalArgumentException.class, () -> e.end(State.CANCELLED));
    assertEquals(State.ATTEMPTING, e.state());
  }

  @Test
  void shouldChangeNothingOnceItEnded() {
    // Given a cancelled execution, whose action was attached
    Execution e = attempting();
    assertTrue(e.attach(() -> {}));
    assertTrue(e.cancel());

    // When anything else happens to it; Then every transition is refused
    assertFalse(e.cancel());
    assertFalse(e.giveUp());
    assertFalse(e.drop());
    assertFalse(e.queue(() -> {}));
    assertFalse(e.start());
    assertFalse(e.attach(() -> {}));
    assertFalse(e.orphan(true));
    assertNull(e.end(State.SUCCEEDED));
    assertNull(e.retryHere(NOW, timers, dues::incrementAndGet));
    assertNull(e.shutDown());
    assertEquals(State.CANCELLED, e.state());
  }

  @Test
  void shouldCallOffWhatIsPendingWhenCancelled() {
    // Given a held execution
    Execution e = taken(1);
    e.hold(timers, dues::incrementAndGet);

    // When it is cancelled
    assertTrue(e.cancel());

    // Then its timer is called off
    assertTrue(timers.last().cancelled);
    assertEquals(State.CANCELLED, e.state());
  }

  @Test
  void shouldEndCancelledEvenWhenCallingOffThrows() {
    // Given an attempting execution whose action throws when aborted
    Execution e = attempting();
    e.attach(
        () -> {
          throw new IllegalStateException("cannot abort");
        });

    // When it is cancelled; Then it is CANCELLED all the same
    assertTrue(e.cancel());
    assertEquals(State.CANCELLED, e.state());
  }

  @Test
  void shouldDropOnlyWhatHasNotStarted() {
    // Given a held and an attempting execution
    Execution held = taken(1);
    held.hold(timers, dues::incrementAndGet);
    Execution running = attempting();

    // When their partition is revoked; Then only the held one is dropped
    assertTrue(held.drop());
    assertFalse(running.drop());
    assertEquals(State.DROPPED, held.state());
    assertEquals(State.ATTEMPTING, running.state());
    assertTrue(timers.set.get(0).cancelled);
  }

  @Test
  void shouldEndAnOrphanWithAnOutcomeOnlyIfItSucceeds() {
    // Given two orphaned attempts, one aborted
    Execution succeeds = attempting();
    Execution fails = attempting();
    AtomicInteger aborted = new AtomicInteger();
    fails.attach(aborted::incrementAndGet);
    assertTrue(succeeds.orphan(false));
    assertTrue(fails.orphan(true));

    // When they end; Then the success stands, the failure is dropped, even on a local retry
    assertEquals(State.ORPHANED, succeeds.state());
    assertEquals(1, aborted.get());
    assertEquals(State.SUCCEEDED, succeeds.end(State.SUCCEEDED));
    assertEquals(State.DROPPED, fails.retryHere(NOW, timers, dues::incrementAndGet));
  }

  @Test
  void shouldAttemptAgainWhenAnOrphanIsAdopted() {
    // Given an orphaned attempt
    Execution e = attempting();
    e.orphan(false);
    RecordedPartition reassigned = new RecordedPartition();
    Execution again = new Execution(trigger("e", NOW, retry(3, "PT1S"), 8), reassigned);

    // When its trigger is delivered again and it fails
    assertTrue(e.adopt(again));

    // Then it is attempting again: a failure is retried, not dropped
    assertEquals(State.ATTEMPTING, e.state());
    assertEquals(State.HELD, e.retryHere(NOW, timers, dues::incrementAndGet));
  }

  @Test
  void shouldFinishWhatItAdoptedOnceAcknowledged() {
    // Given an execution that adopted a later delivery and succeeded
    Execution e = attempting();
    RecordedPartition reassigned = new RecordedPartition();
    e.adopt(new Execution(trigger("e", NOW, retry(3, "PT1S"), 8), reassigned));
    e.end(State.SUCCEEDED);

    // When its outcome is acknowledged
    e.acknowledged(true);

    // Then both offsets are done, and it adopts nothing more
    assertEquals(List.of(1L), partition.done);
    assertEquals(List.of(8L), reassigned.done);
    assertFalse(e.adopt(taken(9)));
  }

  @Test
  void shouldFinishNothingWhenItsOutcomeIsNotAcknowledged() {
    // Given an execution that succeeded; When its outcome is not acknowledged
    Execution e = attempting();
    e.end(State.SUCCEEDED);
    e.acknowledged(false);

    // Then its offset stays unfinished
    assertTrue(partition.done.isEmpty());
  }

  @Test
  void shouldNotAdoptWhenDropped() {
    // Given a dropped execution; When its trigger is delivered again; Then it is not adopted
    Execution e = taken(1);
    e.hold(timers, dues::incrementAndGet);
    e.drop();
    assertFalse(e.adopt(taken(2)));
  }

  @Test
  void shouldDropAFirstAttemptAndHandBackALocalRetryAtShutdown() {
    // Given a held first attempt and a held local retry
    Execution first = taken(1);
    first.hold(timers, dues::incrementAndGet);
    Execution retried = attempting();
    retried.retryHere(NOW.plusSeconds(1), timers, dues::incrementAndGet);
    Execution running = attempting();

    // When the executor shuts down; Then the first is dropped, the retry handed back, the running
    // one left to end
    assertEquals(State.DROPPED, first.shutDown());
    assertEquals(State.RETRY_SCHEDULED, retried.shutDown());
    assertNull(running.shutDown());
    assertTrue(timers.set.get(0).cancelled, "the first attempt's timer");
    assertTrue(timers.set.get(2).cancelled, "the local retry's timer");
  }

  @Test
  void shouldGiveUpFromAnyLiveState() {
    // Given executions held, queued, attempting and orphaned
    Execution held = taken(1);
    held.hold(timers, dues::incrementAndGet);
    Execution queued = taken(2);
    queued.hold(timers, dues::incrementAndGet);
    queued.queue(() -> {});
    Execution orphaned = attempting();
    orphaned.orphan(false);

    // When the executor fails on them; Then each is dead-lettered
    for (Execution e : List.of(held, queued, attempting(), orphaned)) {
      assertTrue(e.giveUp());
      assertEquals(State.DEAD_LETTERED, e.state());
    }
  }

  @Test
  void shouldKeepItsStateWhenItsTimerFiresWhileBeingSet() {
    // Given timers that run a task due now at once, on the caller's thread
    Execution e = taken(1);
    Timers immediate =
        (at, task) -> {
          task.run();
          return () -> {};
        };

    // When it is held, and becomes due within that call
    e.hold(immediate, () -> e.queue(() -> {}));

    // Then it is queued, and the spent timer is not what a cancel calls off
    assertEquals(State.QUEUED, e.state());
  }
}

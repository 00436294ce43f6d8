package io.punctual.executor.internal.engine;

import static io.punctual.executor.internal.engine.EngineFixture.NOW;
import static io.punctual.executor.internal.engine.EngineFixture.retry;
import static io.punctual.executor.internal.engine.EngineFixture.trigger;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.punctual.StatusType;
import io.punctual.executor.ExecutorConfig;
import io.punctual.executor.internal.Trigger;
import io.punctual.executor.internal.action.AttemptResult;
import io.punctual.executor.internal.engine.EngineFixture.ManualActions;
import io.punctual.executor.internal.engine.EngineFixture.ManualClock;
import io.punctual.executor.internal.engine.EngineFixture.ManualTimers;
import io.punctual.executor.internal.engine.EngineFixture.RecordedPartition;
import io.punctual.executor.internal.engine.EngineFixture.RecordedStatus;
import io.punctual.executor.internal.publish.ExecutorMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The engine without a broker: every path of an execution, its events and its acknowledgement. */
class InvocationEngineTest {
  private static final AttemptResult OK = AttemptResult.succeeded(200, null);
  private static final AttemptResult FAILED = AttemptResult.failed("HTTP 503", 503, null);

  private final ManualClock clock = new ManualClock();
  private final ManualTimers timers = new ManualTimers();
  private final ManualActions actions = new ManualActions();
  private final RecordedStatus status = new RecordedStatus();
  private final RecordedPartition partition = new RecordedPartition();

  private InvocationEngine engine(int maxInFlight) {
    ExecutorConfig config = new ExecutorConfig();
    config.setMaxInFlight(maxInFlight);
    config.setLocalRetryThreshold(Duration.ofSeconds(10));
    return new InvocationEngine(
        config,
        actions,
        status,
        new ExecutorMetrics(new SimpleMeterRegistry()),
        timers,
        Runnable::run,
        clock);
  }

  private final InvocationEngine engine = engine(4);

  /** Takes a trigger due now, and fires its timer: its first attempt runs. */
  private Trigger running(String id, int attempts, String backoff, long offset) {
    Trigger trigger = trigger(id, NOW, retry(attempts, backoff), offset);
    engine.submit(trigger, partition);
    timers.fire();
    return trigger;
  }

  @Test
  void shouldPublishStartedThenSucceededAndFinishTheTriggerOnceAcknowledged() {
    // Given a trigger due now, started
    running("ok", 1, "PT1S", 7);

    // When its action succeeds
    actions.last().complete(OK);

    // Then STARTED then SUCCEEDED are published, and its offset is done
    assertEquals(List.of("STARTED 1", "SUCCEEDED 1"), status.events);
    assertEquals(List.of(7L), partition.done);
    assertFalse(engine.busy());
  }

  @Test
  void shouldHoldATriggerUntilItsInstant() {
    // Given a trigger due in a minute
    engine.submit(trigger("later", NOW.plusSeconds(60), null, 1), partition);

    // When its timer has not fired; Then nothing starts, and it waits for that instant
    assertTrue(status.events.isEmpty());
    assertEquals(NOW.plusSeconds(60), timers.last().at);
    assertEquals(1, engine.activeCount());

    // When it fires; Then the attempt starts
    timers.fire();
    assertEquals(List.of("STARTED 1"), status.events);
  }

  @Test
  void shouldRetryHereWhenTheBackoffIsShort() {
    // Given a running trigger allowed 3 attempts, 1 s apart
    running("flaky", 3, "PT1S", 1);

    // When its first attempt fails and its second succeeds
    actions.last().complete(FAILED);
    Duration wait = Duration.between(NOW, timers.last().at);
    timers.fire();
    actions.last().complete(OK);

    // Then the retry waited the jittered backoff here, and the execution ends SUCCEEDED
    assertTrue(wait.toMillis() >= 800 && wait.toMillis() <= 1000, wait.toString());
    assertEquals(List.of("STARTED 1", "FAILED 1", "STARTED 2", "SUCCEEDED 2"), status.events);
    assertEquals(List.of(1L), partition.done);
  }

  @Test
  void shouldHandTheRetryToTheSchedulerWhenTheBackoffIsLong() {
    // Given a running trigger whose retry waits 30 s, past the local threshold
    running("later", 3, "PT30S", 1);

    // When its attempt fails
    actions.last().complete(FAILED);

    // Then the next attempt goes back to the scheduler, and the trigger is done here
    assertEquals(List.of("STARTED 1", "FAILED 1", "RETRY_SCHEDULED 2"), status.events);
    assertEquals(List.of(1L), partition.done);
    assertEquals(0, engine.activeCount());
  }

  @Test
  void shouldDeadLetterWhenItsAttemptsAreExhausted() {
    // Given a running trigger allowed 2 attempts
    running("exhausted", 2, "PT1S", 1);

    // When both fail
    actions.last().complete(FAILED);
    timers.fire();
    actions.last().complete(FAILED);

    // Then it is dead-lettered after the second, naming the count
    assertEquals(
        List.of("STARTED 1", "FAILED 1", "STARTED 2", "FAILED 2", "DEAD_LETTERED 2"),
        status.events);
    assertTrue(status.errors.get(2).startsWith("gave up after 2 attempt(s)"), status.errors.get(2));
    assertEquals(List.of(1L), partition.done);
  }

  @Test
  void shouldDeadLetterAtOnceAFailureNoRetryCures() {
    // Given a running trigger allowed 3 attempts
    running("refused", 3, "PT1S", 1);

    // When its target is refused
    actions.last().complete(AttemptResult.refused("loopback"));

    // Then it is not retried
    assertEquals(List.of("STARTED 1", "FAILED 1", "DEAD_LETTERED 1"), status.events);
    assertEquals(List.of(1L), partition.done);
  }

  @Test
  void shouldDeadLetterEvenWhenTheFailureIsNotAcknowledged() {
    // Given FAILED events that Kafka does not acknowledge
    status.unacknowledged.add(StatusType.FAILED);
    running("lost-failure", 1, "PT1S", 1);

    // When the attempt fails
    actions.last().complete(FAILED);

    // Then the dead letter is published all the same, and ends the trigger
    assertEquals(List.of("STARTED 1", "FAILED 1", "DEAD_LETTERED 1"), status.events);
    assertEquals(List.of(1L), partition.done);
  }

  @Test
  void shouldLeaveTheTriggerUnfinishedWhenItsFinalRecordIsNotAcknowledged() {
    // Given SUCCEEDED events that Kafka does not acknowledge
    status.unacknowledged.add(StatusType.SUCCEEDED);
    running("lost-success", 1, "PT1S", 1);

    // When the attempt succeeds
    actions.last().complete(OK);

    // Then its offset stays unfinished (to be redone), and nothing is left in memory
    assertTrue(partition.done.isEmpty());
    assertFalse(engine.busy());
  }

  @Test
  void shouldCancelAHeldExecution() {
    // Given a trigger held for a later instant
    engine.submit(trigger("held", NOW.plusSeconds(60), null, 3), partition);

    // When it is cancelled
    CompletableFuture<Void> acked = engine.cancel("held");

    // Then CANCELLED ends it, its timer is called off, and it never starts
    assertTrue(acked.isDone());
    assertTrue(timers.last().cancelled);
    timers.fire();
    assertEquals(List.of("CANCELLED 1"), status.events);
    assertTrue(actions.started.isEmpty());
    assertEquals(List.of(3L), partition.done);
  }

  @Test
  void shouldAbortTheRunningActionOnCancel() {
    // Given a running attempt
    running("abort", 1, "PT1S", 1);

    // When it is cancelled
    engine.cancel("abort");

    // Then its action is aborted, and CANCELLED is its only end
    assertTrue(actions.last().cancelled);
    assertEquals(List.of("STARTED 1", "CANCELLED 1"), status.events);
    assertEquals(List.of(1L), partition.done);
    assertFalse(engine.busy());
  }

  @Test
  void shouldCancelEvenWhenAbortingTheActionThrows() {
    // Given a running attempt whose abort throws
    running("stubborn", 1, "PT1S", 1);
    actions.last().cancelFailure = new IllegalStateException("cannot abort");

    // When it is cancelled
    engine.cancel("stubborn");

    // Then it still ends CANCELLED, and its late result changes nothing
    actions.last().complete(OK);
    assertEquals(List.of("STARTED 1", "CANCELLED 1"), status.events);
    assertEquals(List.of(1L), partition.done);
  }

  @Test
  void shouldIgnoreACancelOnceTheExecutionEnded() {
    // Given an execution that succeeded
    running("over", 1, "PT1S", 1);
    actions.last().complete(OK);

    // When it is cancelled; Then nothing more is published
    assertTrue(engine.cancel("over").isDone());
    assertEquals(List.of("STARTED 1", "SUCCEEDED 1"), status.events);
  }

  @Test
  void shouldWaitForAFreeSlotAndLeaveTheQueueWhenCancelled() {
    // Given one slot, taken by a running attempt, and two due triggers queued behind it
    InvocationEngine narrow = engine(1);
    narrow.submit(trigger("first", NOW, null, 1), partition);
    narrow.submit(trigger("second", NOW, null, 2), partition);
    narrow.submit(trigger("third", NOW, null, 3), partition);
    timers.fire();
    assertEquals(1, actions.started.size());

    // When the second is cancelled and the first ends
    narrow.cancel("second");
    actions.last().complete(OK);

    // Then the slot goes to the third as the first ends; the second never starts
    assertEquals(2, actions.started.size());
    actions.last().complete(OK);
    assertEquals(
        List.of("STARTED 1", "CANCELLED 1", "STARTED 1", "SUCCEEDED 1", "SUCCEEDED 1"),
        status.events);
    assertEquals(List.of(2L, 1L, 3L), partition.done);
  }

  @Test
  void shouldDropWhatWaitsOnARevokedPartition() {
    // Given a trigger held on a partition
    engine.submit(trigger("moved", NOW.plusSeconds(60), null, 1), partition);

    // When its partition is revoked
    engine.dropWaiting(Set.of(partition));

    // Then it is dropped without an outcome, its offset unfinished for the next owner
    assertTrue(timers.last().cancelled);
    assertEquals(0, engine.activeCount());
    assertTrue(status.events.isEmpty());
    assertTrue(partition.done.isEmpty());
  }

  @Test
  void shouldFinishAnAttemptThatSucceedsAfterItsPartitionIsRevoked() {
    // Given a running attempt on a partition that is revoked
    running("handover-ok", 2, "PT1S", 1);
    assertTrue(engine.running(Set.of(partition)));
    engine.abandon(Set.of(partition));

    // When the attempt succeeds
    actions.last().complete(OK);

    // Then its success is published and remembered
    assertEquals(List.of("STARTED 1", "SUCCEEDED 1"), status.events);
    assertEquals(List.of(1L), partition.done);
    assertFalse(engine.running(Set.of(partition)));
  }

  @Test
  void shouldPublishOnlyTheOutcomeOfAnOrphanThatFails() {
    // Given a running attempt, allowed a retry, on a partition that is revoked
    running("handover-failed", 2, "PT1S", 1);
    engine.abandon(Set.of(partition));

    // When the attempt fails
    actions.last().complete(FAILED);

    // Then its FAILED is published, but no retry or final outcome: the next owner redoes it
    assertEquals(List.of("STARTED 1", "FAILED 1"), status.events);
    assertEquals(1, timers.set.size());
    assertEquals(0, engine.activeCount());
    assertTrue(partition.done.isEmpty());
  }

  @Test
  void shouldAdoptATriggerDeliveredAgainWhileItRuns() {
    // Given a running attempt whose partition was revoked, and assigned here again
    running("again", 2, "PT1S", 1);
    engine.abandon(Set.of(partition));
    RecordedPartition reassigned = new RecordedPartition();

    // When the trigger is delivered again, and the attempt fails then the retry succeeds
    engine.submit(trigger("again", NOW, retry(2, "PT1S"), 9), reassigned);
    actions.last().complete(FAILED);
    timers.fire();
    actions.last().complete(OK);

    // Then it is performed once, retried as before adoption, and both deliveries are done
    assertEquals(List.of("STARTED 1", "FAILED 1", "STARTED 2", "SUCCEEDED 2"), status.events);
    assertEquals(List.of(1L), partition.done);
    assertEquals(List.of(9L), reassigned.done);
  }

  @Test
  void shouldNotPerformATriggerDeliveredAgainAfterItEnded() {
    // Given a trigger that succeeded
    running("twice", 1, "PT1S", 1);
    actions.last().complete(OK);

    // When it is delivered again
    engine.submit(trigger("twice", NOW, retry(1, "PT1S"), 5), partition);
    timers.fire();

    // Then it is not performed again, and its second offset is done
    assertEquals(1, actions.started.size());
    assertEquals(List.of("STARTED 1", "SUCCEEDED 1"), status.events);
    assertEquals(List.of(1L, 5L), partition.done);
  }

  @Test
  void shouldDropFirstAttemptsAndHandBackLocalRetriesAtShutdown() {
    // Given a held first attempt, and a trigger waiting for its local retry
    engine.submit(trigger("first", NOW.plusSeconds(60), null, 1), partition);
    Trigger retried = trigger("retried", NOW, retry(3, "PT1S"), 2);
    engine.submit(retried, partition);
    timers.set.get(1).ran = true;
    timers.set.get(1).task.run();
    actions.last().complete(FAILED);

    // When the shutdown begins
    engine.beginShutdown();

    // Then the first is dropped unfinished, and the retry goes to the scheduler
    assertEquals(List.of("STARTED 1", "FAILED 1", "RETRY_SCHEDULED 2"), status.events);
    assertEquals(List.of(2L), partition.done);
    assertEquals(0, engine.activeCount());
    assertTrue(timers.set.stream().allMatch(t -> t.cancelled || t.ran));
  }

  @Test
  void shouldHandARetryToTheSchedulerWhenItFailsDuringTheShutdown() {
    // Given a running attempt allowed a short retry, and a shutdown begun
    running("late-failure", 3, "PT1S", 1);
    engine.beginShutdown();

    // When the attempt fails
    actions.last().complete(FAILED);

    // Then its retry goes to the scheduler, not to a local timer
    assertEquals(List.of("STARTED 1", "FAILED 1", "RETRY_SCHEDULED 2"), status.events);
    assertEquals(1, timers.set.size());
    assertEquals(List.of(1L), partition.done);
  }

  @Test
  void shouldAbortWhatStillRunsWhenTheShutdownTimesOut() {
    // Given a running attempt at the end of a shutdown
    running("stuck", 1, "PT1S", 1);
    engine.beginShutdown();

    // When the engine abandons it
    engine.abandonAll();

    // Then its action is aborted, without an outcome; its trigger stays unfinished
    assertTrue(actions.last().cancelled);
    assertEquals(List.of("STARTED 1"), status.events);
    assertTrue(partition.done.isEmpty());
    assertFalse(engine.busy());
  }

  @Test
  void shouldDeadLetterWhenStartingTheAttemptThrows() {
    // Given one slot, and a status publisher that throws on STARTED
    InvocationEngine narrow = engine(1);
    status.startedFailure = new IllegalStateException("boom");

    // When two triggers are due
    narrow.submit(trigger("first", NOW, null, 1), partition);
    narrow.submit(trigger("second", NOW, null, 2), partition);
    timers.fire();

    // Then each ends FAILED naming the fault and DEAD_LETTERED, and the slot is freed each time
    assertEquals(
        List.of("FAILED 1", "DEAD_LETTERED 1", "FAILED 1", "DEAD_LETTERED 1"), status.events);
    assertTrue(status.errors.get(0).contains("failed to start the attempt"), status.errors.get(0));
    assertEquals(List.of(1L, 2L), partition.done);
  }

  @Test
  void shouldFailAnAttemptWhoseActionFailsExceptionally() {
    // Given a running attempt
    running("broken", 1, "PT1S", 1);

    // When its action's result is an exception
    actions.last().result.completeExceptionally(new IllegalStateException("bug"));

    // Then the attempt is FAILED, naming it, and the execution ends
    assertEquals(List.of("STARTED 1", "FAILED 1", "DEAD_LETTERED 1"), status.events);
    assertTrue(status.errors.get(0).startsWith("action failed"), status.errors.get(0));
    assertEquals(List.of(1L), partition.done);
  }

  @Test
  void shouldDeadLetterWhenSchedulingTheLocalRetryThrows() {
    // Given a running attempt allowed a short retry, and timers that can no longer be set
    running("no-timer", 3, "PT1S", 1);
    timers.failure = new IllegalStateException("timer thread gone");

    // When the attempt fails
    actions.last().complete(FAILED);

    // Then the execution still ends: FAILED naming the fault, then DEAD_LETTERED
    assertEquals(List.of("STARTED 1", "FAILED 1", "DEAD_LETTERED 1"), status.events);
    assertTrue(
        status.errors.get(0).contains("failed to conclude the attempt"), status.errors.get(0));
    assertEquals(List.of(1L), partition.done);
    assertEquals(0, engine.activeCount());
  }
}

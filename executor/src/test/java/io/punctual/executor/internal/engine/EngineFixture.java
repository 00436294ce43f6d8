package io.punctual.executor.internal.engine;

import io.punctual.HttpTarget;
import io.punctual.Invocation;
import io.punctual.RetryPolicy;
import io.punctual.StatusType;
import io.punctual.executor.internal.Cancellable;
import io.punctual.executor.internal.Trigger;
import io.punctual.executor.internal.action.ActionCall;
import io.punctual.executor.internal.action.Actions;
import io.punctual.executor.internal.action.AttemptResult;
import io.punctual.executor.internal.publish.StatusEvents;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;

/** In-memory stand-ins for the engine's collaborators: time, timers, actions, status events. */
final class EngineFixture {
  static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  private EngineFixture() {}

  /** A clock that moves only when told. */
  static final class ManualClock extends Clock {
    private volatile Instant now = NOW;

    void advance(long millis) {
      now = now.plusMillis(millis);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  /** Timers that run only when {@link #fire} is called. */
  static final class ManualTimers implements Timers {
    final List<Timer> set = new CopyOnWriteArrayList<>();
    volatile RuntimeException failure;

    static final class Timer implements Cancellable {
      final Instant at;
      final Runnable task;
      volatile boolean cancelled;
      volatile boolean ran;

      Timer(Instant at, Runnable task) {
        this.at = at;
        this.task = task;
      }

      @Override
      public void cancel() {
        cancelled = true;
      }
    }

    @Override
    public Cancellable at(Instant instant, Runnable task) {
      if (failure != null) {
        throw failure;
      }
      Timer timer = new Timer(instant, task);
      set.add(timer);
      return timer;
    }

    /** Runs every timer set, not cancelled and not run yet. */
    void fire() {
      for (Timer timer : set) {
        if (!timer.cancelled && !timer.ran) {
          timer.ran = true;
          timer.task.run();
        }
      }
    }

    Timer last() {
      return set.get(set.size() - 1);
    }
  }

  /** An action whose result the test decides. */
  static final class PendingAction implements ActionCall {
    final CompletableFuture<AttemptResult> result = new CompletableFuture<>();
    volatile boolean cancelled;
    volatile RuntimeException cancelFailure;

    @Override
    public CompletableFuture<AttemptResult> result() {
      return result;
    }

    @Override
    public void cancel() {
      cancelled = true;
      if (cancelFailure != null) {
        throw cancelFailure;
      }
      result.complete(AttemptResult.cancelled());
    }

    void complete(AttemptResult outcome) {
      result.complete(outcome);
    }
  }

  /** Starts a {@link PendingAction} per attempt. */
  static final class ManualActions implements Actions {
    final List<PendingAction> started = new CopyOnWriteArrayList<>();

    @Override
    public ActionCall start(Trigger trigger, int attempt) {
      PendingAction action = new PendingAction();
      started.add(action);
      return action;
    }

    PendingAction last() {
      return started.get(started.size() - 1);
    }
  }

  /** Records status events as "TYPE attempt"; acknowledges them at once unless told otherwise. */
  static final class RecordedStatus implements StatusEvents {
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<String> errors = new CopyOnWriteArrayList<>();
    final Set<StatusType> unacknowledged = new CopyOnWriteArraySet<>();
    volatile RuntimeException startedFailure;

    private CompletableFuture<Void> record(
        StatusType type, Trigger trigger, int attempt, String error) {
      events.add(type + " " + attempt);
      if (error != null) {
        errors.add(error);
      }
      return unacknowledged.contains(type)
          ? CompletableFuture.failedFuture(new IllegalStateException("not acknowledged"))
          : CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> started(
        Trigger trigger, int attempt, Instant dueAt, Instant startedAt) {
      if (startedFailure != null) {
        throw startedFailure;
      }
      return record(StatusType.STARTED, trigger, attempt, null);
    }

    @Override
    public CompletableFuture<Void> outcome(
        Trigger trigger, int attempt, Instant dueAt, Instant startedAt, AttemptResult result) {
      return record(result.type(), trigger, attempt, result.error());
    }

    @Override
    public CompletableFuture<Void> retryScheduled(
        Trigger trigger, int nextAttempt, Instant at, String error) {
      return record(StatusType.RETRY_SCHEDULED, trigger, nextAttempt, error);
    }

    @Override
    public CompletableFuture<Void> cancelled(Trigger trigger, int attempt) {
      return record(StatusType.CANCELLED, trigger, attempt, null);
    }

    @Override
    public CompletableFuture<Void> deadLettered(Trigger trigger, int attempt, String error) {
      return record(StatusType.DEAD_LETTERED, trigger, attempt, error);
    }
  }

  /** A partition that records the offsets done. */
  static final class RecordedPartition implements TriggerPartition {
    final List<Long> done = new CopyOnWriteArrayList<>();

    @Override
    public void done(long offset) {
      done.add(offset);
    }
  }

  /** A trigger of an HTTP invocation due at {@code at}, read at {@code offset}. */
  static Trigger trigger(String id, Instant at, RetryPolicy retry, long offset) {
    Invocation invocation =
        Invocation.newBuilder()
            .setInvocationId(id)
            .setTimerId("timer-" + id)
            .setScheduledAt(at)
            .setEmittedAt(at)
            .setTarget(HttpTarget.newBuilder().setUrl("http://example.com/" + id).build())
            .setRetry(retry)
            .build();
    return new Trigger(invocation, new byte[0], "punctual.triggers", 0, offset);
  }

  static RetryPolicy retry(int attempts, String initialBackoff) {
    return RetryPolicy.newBuilder()
        .setMaxAttempts(attempts)
        .setInitialBackoff(initialBackoff)
        .setMultiplier(2.0)
        .setMaxBackoff("PT10M")
        .build();
  }
}

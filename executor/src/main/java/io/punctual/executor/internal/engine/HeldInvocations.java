package io.punctual.executor.internal.engine;

import io.punctual.executor.internal.Cancellable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * In-memory timers that run a task at an instant of the injected {@link Clock}, never before it:
 * when the timer thread wakes up early by the clock (its delays are measured on another clock), it
 * waits again for what remains. Tasks run on the worker executor, so a slow task never delays
 * another timer.
 */
final class HeldInvocations implements Timers {
  private final Clock clock;
  private final ScheduledExecutorService timer;
  private final Executor worker;

  HeldInvocations(Clock clock, ScheduledExecutorService timer, Executor worker) {
    this.clock = clock;
    this.timer = timer;
    this.worker = worker;
  }

  @Override
  public Cancellable at(Instant instant, Runnable task) {
    Held held = new Held(instant, task);
    held.arm();
    return held;
  }

  private final class Held implements Cancellable {
    private final Instant instant;
    private final Runnable task;
    private ScheduledFuture<?> future;
    private boolean cancelled;

    Held(Instant instant, Runnable task) {
      this.instant = instant;
      this.task = task;
    }

    synchronized void arm() {
      if (cancelled) {
        return;
      }
      long nanos = Duration.between(clock.instant(), instant).toNanos();
      if (nanos <= 0) {
        worker.execute(this::runUnlessCancelled);
      } else {
        future = timer.schedule(this::fire, nanos, TimeUnit.NANOSECONDS);
      }
    }

    private void fire() {
      synchronized (this) {
        if (cancelled) {
          return;
        }
        if (clock.instant().isBefore(instant)) {
          arm();
          return;
        }
      }
      worker.execute(this::runUnlessCancelled);
    }

    private void runUnlessCancelled() {
      synchronized (this) {
        if (cancelled) {
          return;
        }
        cancelled = true;
      }
      task.run();
    }

    @Override
    public synchronized void cancel() {
      cancelled = true;
      if (future != null) {
        future.cancel(false);
      }
    }
  }
}

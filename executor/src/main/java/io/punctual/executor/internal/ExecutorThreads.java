package io.punctual.executor.internal;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor's own threads: one timer thread that only wakes held invocations and timeouts, and a
 * small worker pool that starts actions (a DNS lookup may block there) and handles their outcomes.
 */
@Singleton
public final class ExecutorThreads {
  private static final int WORKERS = 4;

  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(named("punctual-executor-timer"));
  private final ExecutorService worker =
      Executors.newFixedThreadPool(WORKERS, named("punctual-executor-worker"));

  /** The timer thread. */
  public ScheduledExecutorService timer() {
    return timer;
  }

  /** The worker pool. */
  public ExecutorService worker() {
    return worker;
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  @PreDestroy
  void close() {
    timer.shutdownNow();
    worker.shutdownNow();
  }
}

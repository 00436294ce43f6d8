package io.punctual.executor.internal;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor's own threads: one timer thread that only wakes held invocations and timeouts, and a
 * small worker pool that starts actions (a DNS lookup may block there) and handles their outcomes.
 */
@Singleton
public final class ExecutorThreads {
  private static final int WORKERS = 4;

  private final ScheduledThreadPoolExecutor timer = newTimer();
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

  /**
   * The timer thread's executor. A cancelled task leaves its queue at once: every call arms a
   * timeout that its response cancels, and 30 s timeouts at 1,000 calls/s would otherwise keep
   * 30,000 dead entries in the queue that every schedule sifts through.
   */
  private static ScheduledThreadPoolExecutor newTimer() {
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(1, named("punctual-executor-timer"));
    timer.setRemoveOnCancelPolicy(true);
    return timer;
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

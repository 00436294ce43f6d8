package io.punctual;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** How Punctual's long-running commands end: on SIGTERM or Ctrl-C, gracefully. */
public final class Shutdown {
  private static final String THREAD_NAME = "punctual-shutdown";

  private Shutdown() {}

  /**
   * Runs {@code stop} when the JVM is asked to stop (SIGTERM, Ctrl-C) and keeps the JVM alive until
   * it has returned.
   *
   * @return a latch released once {@code stop} has run
   */
  public static CountDownLatch onSignal(Runnable stop) {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    stop.run();
                  } finally {
                    stopped.countDown();
                  }
                },
                THREAD_NAME));
    return stopped;
  }

  /**
   * The foreground of a long-running command: prints {@code readyLine} on stdout, then blocks until
   * SIGTERM or Ctrl-C has run {@code stop}.
   */
  public static void runUntilSignal(String readyLine, Runnable stop) throws InterruptedException {
    CountDownLatch stopped = onSignal(stop);
    ready(readyLine);
    stopped.await();
  }

  /**
   * As {@link #runUntilSignal(String, Runnable)}, returning early if {@code failure} completes
   * first: what the command runs has stopped on its own, and the process should exit non-zero.
   *
   * @return the failure, or null once {@code stop} has run after a signal
   */
  public static Throwable runUntilSignal(
      String readyLine, Runnable stop, CompletionStage<Throwable> failure)
      throws InterruptedException {
    CountDownLatch stopped = onSignal(stop);
    ready(readyLine);
    CompletableFuture<Throwable> failed = failure.toCompletableFuture();
    while (!stopped.await(200, TimeUnit.MILLISECONDS)) {
      if (failed.isDone()) {
        return failed.getNow(null);
      }
    }
    return null;
  }

  private static void ready(String readyLine) {
    System.out.println(readyLine);
    System.out.flush();
  }
}

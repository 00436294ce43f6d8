package io.punctual;

import java.util.concurrent.CountDownLatch;

/** How Punctual's long-running commands end: on SIGTERM or Ctrl-C, gracefully. */
public final class Shutdown {
  private Shutdown() {}

  /**
   * Runs {@code stop} when the JVM is asked to stop (SIGTERM, Ctrl-C) and keeps the JVM alive until
   * it has returned.
   *
   * @param threadName the name of the shutdown-hook thread
   * @return a latch released once {@code stop} has run; the command's thread awaits it
   */
  public static CountDownLatch onSignal(String threadName, Runnable stop) {
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
                threadName));
    return stopped;
  }
}

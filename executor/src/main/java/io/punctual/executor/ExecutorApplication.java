package io.punctual.executor;

import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the executor with the settings of {@code application.yml}, system properties and
 * environment variables (e.g. {@code -Dkafka.bootstrap.servers=HOST:PORT}); stops it gracefully on
 * SIGTERM. {@link ExecutorCommand} is the same with command-line options.
 */
public final class ExecutorApplication {
  private ExecutorApplication() {}

  public static void main(String[] args) throws InterruptedException {
    PunctualExecutor executor = PunctualExecutor.start(Map.of());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  executor.close();
                  stopped.countDown();
                },
                "punctual-executor-shutdown"));
    stopped.await();
  }
}

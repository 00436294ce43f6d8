package io.punctual.executor;

import io.punctual.Shutdown;
import java.util.Map;

/**
 * Starts the executor with the settings of {@code application-punctual-executor.yml}, system
 * properties and environment variables (e.g. {@code -Dkafka.bootstrap.servers=HOST:PORT}); stops it
 * gracefully on SIGTERM. {@link ExecutorCommand} is the same with command-line options.
 */
public final class ExecutorApplication {
  private ExecutorApplication() {}

  public static void main(String[] args) throws InterruptedException {
    PunctualExecutor executor = PunctualExecutor.start(Map.of());
    Shutdown.onSignal("punctual-executor-shutdown", executor::close).await();
  }
}

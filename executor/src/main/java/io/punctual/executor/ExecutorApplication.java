package io.punctual.executor;

import io.punctual.Shutdown;
import java.util.Map;

/**
 * Starts the executor with the settings of {@code application-punctual-executor.yml}, system
 * properties and environment variables (e.g. {@code -Dkafka.bootstrap.servers=HOST:PORT}); stops it
 * gracefully on SIGTERM; exits with status {@value ExecutorCommand#EXIT_FAILED} if it stops
 * consuming on its own. {@link ExecutorCommand} is the same with command-line options.
 */
public final class ExecutorApplication {
  private ExecutorApplication() {}

  public static void main(String[] args) throws InterruptedException {
    PunctualExecutor executor = PunctualExecutor.start(Map.of());
    Throwable failure =
        executor.awaitStopOrFailure(
            Shutdown.onSignal("punctual-executor-shutdown", executor::close));
    if (failure != null) {
      System.err.println("executor: stopped consuming triggers: " + failure);
      System.exit(ExecutorCommand.EXIT_FAILED);
    }
  }
}

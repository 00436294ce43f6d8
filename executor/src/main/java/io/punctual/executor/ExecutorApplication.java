package io.punctual.executor;

import io.punctual.Shutdown;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An executor process: runs an executor until SIGTERM or Ctrl-C, then stops it gracefully. Prints
 * {@value #READY_LINE} followed by the instance id and HTTP port once it consumes; exits with
 * status {@value #EXIT_FAILED} if it stops consuming on its own (its poll thread died).
 *
 * <p>Settings are those of {@code application-punctual-executor.yml}, system properties and
 * environment variables, then the {@code KEY=VALUE} arguments of {@link #main} (e.g. {@code
 * kafka.bootstrap.servers=HOST:PORT}). {@code bin/punctual executor} is the same with options.
 */
public final class ExecutorApplication {
  /** The start of the line printed once the executor runs. */
  public static final String READY_LINE = "Punctual executor ready";

  /** The exit status when the executor stops consuming triggers on its own. */
  public static final int EXIT_FAILED = 2;

  private ExecutorApplication() {}

  /**
   * Runs an executor with these settings until SIGTERM or Ctrl-C.
   *
   * @return the process's exit status: 0 after a graceful stop, {@value #EXIT_FAILED} on a failure
   */
  public static int run(Map<String, Object> properties) throws InterruptedException {
    PunctualExecutor executor = PunctualExecutor.start(properties);
    Throwable failure =
        Shutdown.runUntilSignal(
            READY_LINE
                + ": instance "
                + executor.instanceId()
                + ", HTTP port "
                + executor.httpPort(),
            executor::close,
            executor.failure());
    if (failure != null) {
      System.err.println("executor: stopped consuming triggers: " + failure);
      return EXIT_FAILED;
    }
    return 0;
  }

  /** Runs an executor; each argument is a {@code KEY=VALUE} setting. */
  public static void main(String[] args) throws InterruptedException {
    Map<String, Object> properties = new LinkedHashMap<>();
    for (String arg : args) {
      int equals = arg.indexOf('=');
      if (equals < 1) {
        System.err.println("executor: expected KEY=VALUE, got " + arg);
        System.exit(1);
      }
      properties.put(arg.substring(0, equals), arg.substring(equals + 1));
    }
    int status = run(properties);
    if (status != 0) {
      System.exit(status);
    }
  }
}

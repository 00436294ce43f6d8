package io.punctual.scheduler.it;

import io.punctual.Shutdown;
import io.punctual.scheduler.PunctualScheduler;
import io.punctual.scheduler.SchedulerConfig;
import io.punctual.testkit.JavaProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A scheduler without its API in a JVM of its own, for the tests that kill one; each argument is a
 * {@code KEY=VALUE} setting. {@code bin/punctual scheduler --no-api} is the same with options.
 */
public final class SchedulerMain {
  private static final Pattern RUNNING = Pattern.compile("(-> RUNNING)");

  private SchedulerMain() {}

  /**
   * Starts scheduler {@code n} in a JVM of its own, logging to {@code dir}, and waits until its
   * stream threads run.
   */
  static JavaProcess start(Path dir, int n, List<String> settings) throws InterruptedException {
    JavaProcess scheduler =
        JavaProcess.start("scheduler-" + n, dir, "512m", SchedulerMain.class.getName(), settings);
    scheduler.await(RUNNING, Duration.ofSeconds(120));
    return scheduler;
  }

  public static void main(String[] args) throws InterruptedException {
    Map<String, Object> settings = new HashMap<>();
    for (String arg : args) {
      String[] pair = arg.split("=", 2);
      settings.put(pair[0], pair[1]);
    }
    PunctualScheduler scheduler = PunctualScheduler.start(new SchedulerConfig(settings));
    Shutdown.runUntilSignal("scheduler started", scheduler::close);
  }
}

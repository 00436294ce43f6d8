package io.punctual.scheduler.it;

import io.punctual.Shutdown;
import io.punctual.scheduler.PunctualScheduler;
import io.punctual.scheduler.SchedulerConfig;
import java.util.HashMap;
import java.util.Map;

/**
 * A scheduler without its API in a JVM of its own, for the tests that kill one; each argument is a
 * {@code KEY=VALUE} setting. {@code bin/punctual scheduler --no-api} is the same with options.
 */
public final class SchedulerMain {
  private SchedulerMain() {}

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

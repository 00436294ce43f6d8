package io.punctual.scheduler.it;

import io.punctual.Shutdown;
import io.punctual.scheduler.PunctualCommandLine;
import io.punctual.scheduler.PunctualScheduler;
import io.punctual.scheduler.SchedulerConfig;
import io.punctual.scheduler.SchedulerOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * A scheduler without its API, for the tests that run one in a JVM of its own; {@code bin/punctual
 * scheduler} is the same with the API.
 */
@Command(name = "scheduler")
public final class SchedulerMain implements Callable<Integer> {
  @Mixin SchedulerOptions options;

  @Override
  public Integer call() throws InterruptedException {
    PunctualScheduler scheduler = PunctualScheduler.start(new SchedulerConfig(options.settings()));
    Shutdown.onSignal("punctual-shutdown", scheduler::close).await();
    return 0;
  }

  public static void main(String[] args) {
    System.exit(PunctualCommandLine.of(new SchedulerMain()).execute(args));
  }
}

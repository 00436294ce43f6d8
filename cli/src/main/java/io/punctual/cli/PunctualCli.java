package io.punctual.cli;

import io.punctual.api.SchedulerCommand;
import io.punctual.executor.ExecutorCommand;
import io.punctual.scheduler.PunctualCommandLine;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/punctual}: the entry point of every Punctual command. */
@Command(
    name = "punctual",
    mixinStandardHelpOptions = true,
    version = "punctual 0.1.0",
    description = "Punctual: exactly-once timers and jobs on Apache Kafka.",
    subcommands = {
      DevCommand.class,
      SchedulerCommand.class,
      ExecutorCommand.class,
      ScheduleCommand.class
    })
public final class PunctualCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  public static void main(String[] args) {
    int exit = PunctualCommandLine.of(new PunctualCli()).execute(args);
    System.exit(exit);
  }
}

package io.punctual.cli;

import io.punctual.cli.client.BackfillCommand;
import io.punctual.cli.client.ControlCommands;
import io.punctual.cli.client.CreateCommand;
import io.punctual.cli.client.DelayCommand;
import io.punctual.cli.client.DeleteCommand;
import io.punctual.cli.client.GetCommand;
import io.punctual.cli.client.HistoryCommand;
import io.punctual.cli.client.ListCommand;
import io.punctual.cli.client.TailCommand;
import io.punctual.cli.client.UpcomingCommand;
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
      ConnectLauncher.class,
      ScheduleCommand.class,
      CreateCommand.class,
      GetCommand.class,
      ListCommand.class,
      DeleteCommand.class,
      ControlCommands.Pause.class,
      ControlCommands.Resume.class,
      ControlCommands.Trigger.class,
      BackfillCommand.class,
      HistoryCommand.class,
      UpcomingCommand.class,
      TailCommand.class,
      DelayCommand.class
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

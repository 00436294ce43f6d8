package io.punctual.cli;

import io.punctual.CronDialect;
import io.punctual.scheduler.schedule.CronSequence;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code punctual schedule}: offline helpers about schedules. */
@Command(
    name = "schedule",
    mixinStandardHelpOptions = true,
    description = "Offline helpers about schedules.",
    subcommands = ScheduleCommand.Next.class)
public final class ScheduleCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** {@code punctual schedule next CRON}: the next instants of a cron expression. */
  @Command(
      name = "next",
      mixinStandardHelpOptions = true,
      description = {
        "Prints the next instants a cron expression fires at, as ISO-8601 UTC, one per line,"
            + " with Punctual's rules (dialects, time zone, DST). Works offline."
            + " When the schedule ends before --count instants, a note on stderr says so."
      },
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:instants printed",
        "1:invalid expression, dialect or time zone",
        "2:usage error",
        "3:the schedule never fires after --from (or now): no instant printed"
      })
  static final class Next implements Callable<Integer> {
    /** The exit code when the schedule has no instant after the start. */
    static final int NEVER_FIRES = 3;

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CRON", description = "The expression; quote it.")
    String cron;

    @Option(
        names = "--dialect",
        paramLabel = "DIALECT",
        description = "UNIX, QUARTZ or SPRING; inferred from the field count when absent.")
    CronDialect dialect = CronDialect.AUTO;

    @Option(
        names = "--tz",
        paramLabel = "ZONE",
        description = "IANA time zone the expression is read in (default UTC).")
    String zone = "UTC";

    @Option(
        names = "--from",
        paramLabel = "INSTANT",
        description = "Start after this ISO-8601 instant (default now).")
    String from;

    @Option(
        names = "--count",
        paramLabel = "N",
        description = "How many instants (default 5, at most 10000).")
    int count = 5;

    @Override
    public Integer call() {
      if (count < 1 || count > 10_000) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--count must be 1 to 10000");
      }
      Instant after = parseFrom();
      CronSequence sequence = CronSequence.parse(cron, dialect, zone);
      if (!sequence.firesAfter(after)) {
        return neverFiresAfter(sequence, after, NEVER_FIRES);
      }
      PrintWriter out = spec.commandLine().getOut();
      for (int i = 0; i < count; i++) {
        Instant next = sequence.next(after);
        if (next == null) {
          out.flush();
          return neverFiresAfter(sequence, after, 0);
        }
        out.println(next);
        after = next;
      }
      out.flush();
      return 0;
    }

    private int neverFiresAfter(CronSequence sequence, Instant after, int exitCode) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("punctual: " + sequence + " never fires after " + after);
      err.flush();
      return exitCode;
    }

    private Instant parseFrom() {
      if (from == null) {
        return Instant.now();
      }
      try {
        return Instant.parse(from);
      } catch (DateTimeParseException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--from: not an ISO-8601 instant: " + from);
      }
    }
  }
}

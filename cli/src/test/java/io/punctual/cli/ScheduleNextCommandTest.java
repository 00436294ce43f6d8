package io.punctual.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code punctual schedule next}: known instants, DST included, offline; errors and exit codes. */
class ScheduleNextCommandTest {
  private record Run(int exit, String out, String err) {
    List<String> lines() {
      return out.isBlank() ? List.of() : List.of(out.strip().split("\\R"));
    }
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = PunctualCommandLine.of(new PunctualCli());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void shouldPrintTheNextInstantsAcrossASpringForwardGap() {
    // Given a daily 02:30 in New York, whose 2026-03-08 does not exist
    // When the next three instants are asked for from 2026-03-07 noon UTC
    Run run =
        run(
            "schedule",
            "next",
            "30 2 * * *",
            "--tz",
            "America/New_York",
            "--from",
            "2026-03-07T12:00:00Z",
            "--count",
            "3");
    // Then the skipped local time fires at the transition (03:00 EDT = 07:00Z)
    assertEquals(0, run.exit(), run.err());
    assertEquals(
        List.of("2026-03-08T07:00:00Z", "2026-03-09T06:30:00Z", "2026-03-10T06:30:00Z"),
        run.lines());
  }

  @Test
  void shouldPrintAFixedTimeOnceAcrossAFallBackOverlap() {
    Run run =
        run(
            "schedule",
            "next",
            "30 1 * * *",
            "--tz",
            "America/New_York",
            "--from",
            "2026-10-31T12:00:00Z",
            "--count",
            "2");
    assertEquals(0, run.exit(), run.err());
    assertEquals(List.of("2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"), run.lines());
  }

  @Test
  void shouldReadQuartzExpressions() {
    Run run =
        run(
            "schedule",
            "next",
            "0 0 12 ? * 6#3",
            "--dialect",
            "QUARTZ",
            "--from",
            "2026-01-01T00:00:00Z",
            "--count",
            "2");
    assertEquals(0, run.exit(), run.err());
    assertEquals(List.of("2026-01-16T12:00:00Z", "2026-02-20T12:00:00Z"), run.lines());
  }

  @Test
  void shouldFailWithOneLineOnStderrForAnInvalidExpression() {
    Run run = run("schedule", "next", "61 * * * *");
    assertEquals(1, run.exit());
    assertEquals("", run.out());
    assertTrue(run.err().startsWith("punctual: schedule.cron:"), run.err());
    assertEquals(1, run.err().strip().lines().count(), run.err());
  }

  @Test
  void shouldExitWithTwoOnAUsageError() {
    Run run = run("schedule", "next", "* * * * *", "--count", "many");
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("--count"), run.err());
  }

  @Test
  void shouldSayTheScheduleNeverFiresAfterFromAndExitWithThree() {
    // Given a Quartz schedule whose only year is past
    // When
    Run run = run("schedule", "next", "0 0 0 1 1 ? 2020", "--from", "2026-01-01T00:00:00Z");

    // Then nothing on stdout, one line on stderr, exit code 3
    assertEquals(3, run.exit(), run.err());
    assertEquals("", run.out());
    assertEquals(
        "punctual: QUARTZ cron '0 0 0 1 1 ? 2020' in UTC never fires after 2026-01-01T00:00:00Z",
        run.err().strip());
  }

  @Test
  void shouldSayTheScheduleNeverFiresAfterNowWithoutFrom() {
    Run run = run("schedule", "next", "0 0 0 1 1 ? 2020");

    assertEquals(3, run.exit(), run.err());
    assertEquals("", run.out());
    assertTrue(run.err().contains("never fires after"), run.err());
  }

  @Test
  void shouldNoteOnStderrWhenTheScheduleEndsBeforeTheCount() {
    // Given a schedule with three instants left
    // When five are asked for
    Run run =
        run(
            "schedule",
            "next",
            "0 0 12 1 1 ? 2030-2034/2",
            "--from",
            "2026-01-01T00:00:00Z",
            "--count",
            "5");

    // Then the three, and a note that there are no more
    assertEquals(0, run.exit(), run.err());
    assertEquals(
        List.of("2030-01-01T12:00:00Z", "2032-01-01T12:00:00Z", "2034-01-01T12:00:00Z"),
        run.lines());
    assertTrue(run.err().contains("never fires after 2034-01-01T12:00:00Z"), run.err());
  }

  @Test
  void shouldListTheExitCodesInTheHelp() {
    Run run = run("schedule", "next", "--help");

    assertEquals(0, run.exit());
    assertTrue(run.out().contains("3   the schedule never fires after --from"), run.out());
  }
}

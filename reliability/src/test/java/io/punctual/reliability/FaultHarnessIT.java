package io.punctual.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.punctual.cli.PunctualCommandLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The short fault run (the long one is {@code reliability/run}, see RELIABILITY.md): a broker, two
 * schedulers, an executor and the recording target, each a process; about 7,500 firings of every
 * schedule kind while timers are changed, paused and deleted, and about 3,000 delayed records; one
 * fault of each kind. The logs of every process stay in {@code target/fault-run}.
 */
class FaultHarnessIT {
  @Test
  void shouldFireEveryDueInstantOnceNeverEarlyWithAnOutcomeAcrossAFaultOfEachKind()
      throws Exception {
    // Given the short run
    Path work = Path.of("target", "fault-run");
    Path out = work.resolve("report.json");
    // (a run of its own: a broker formatted by an earlier run would refuse this run's cluster id)
    if (Files.exists(work)) {
      try (Stream<Path> old = Files.walk(work)) {
        old.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
    Files.createDirectories(work);

    // When it runs (three minutes: one fault of each kind takes up to two and a half on a loaded
    // two-core machine, where a restarted scheduler may need 30 s to be ready)
    int exit =
        PunctualCommandLine.of(new FaultHarness())
            .execute(
                "--schedulers", "2",
                "--executors", "1",
                "--rate", "45",
                "--duration", "PT3M",
                "--faults",
                    "SCHEDULER_KILL,EXECUTOR_KILL,SCHEDULER_ZOMBIE,BROKER_RESTART,SCHEDULER_ADD,"
                        + "SCHEDULER_REMOVE",
                "--gap", "PT5S",
                "--out", out.toString(),
                "--work", work.resolve("processes").toString());

    // Then the checker found every instant once, none early, each with its final outcome
    JsonNode report = new ObjectMapper().readTree(out.toFile());
    for (String zero :
        new String[] {
          "missing",
          "duplicated",
          "early",
          "withoutOutcome",
          "unexpected",
          "firedAfterReplacement",
          "duplicateActionsOtherKey",
          "duplicateActionsElsewhere",
          "actionsMissing",
          "delayedMissing",
          "delayedDuplicated",
          "delayedEarly",
          "delayedAltered",
          "delayedOutOfOrder",
          "delayedCancelledDelivered"
        }) {
      assertEquals(0, report.path(zero).asLong(), zero + " in " + out);
    }
    assertTrue(report.path("firings").asLong() >= 5_000, "firings " + report.path("firings"));
    assertTrue(report.path("expected").asLong() >= 4_000, "expected " + report.path("expected"));
    assertTrue(
        report.path("delayedDelivered").asLong() >= 2_000,
        "delayed delivered " + report.path("delayedDelivered"));
    // And every kind of fault happened
    Stream.of(Fault.Kind.values())
        .filter(kind -> kind != Fault.Kind.SCHEDULER_KILL_TWO)
        .forEach(
            kind ->
                assertEquals(
                    1, report.path("faultsByKind").path(kind.name()).asInt(), kind.name()));
    assertEquals(0, report.path("run").path("unexpectedExits").size());
    assertEquals(0, exit);
  }
}

package io.punctual.scheduler.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.scheduler.Topics;
import io.punctual.testkit.JavaProcess;
import io.punctual.testkit.KafkaBroker;
import io.punctual.testkit.PunctualProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The scheduler in a separate JVM is killed with SIGKILL twice while more than 10,000 firings are
 * due, and restarted each time: no invocation id is missing, none appears twice, none is early.
 */
class CrashRecoveryIT {

  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  @Test
  void shouldFireEveryInstantExactlyOnceAcrossKills() throws Exception {
    Topics topics = new Topics("crash");
    Path dir = Files.createTempDirectory("punctual-crash");
    List<String> settings =
        List.of(
            "bootstrap.servers=" + KAFKA.bootstrapServers(),
            "punctual.topic.prefix=crash",
            "punctual.topics.partitions=6",
            "punctual.misfire.threshold.ms=600000",
            "application.id=crash-scheduler",
            "state.dir=" + dir.resolve("state"),
            "session.timeout.ms=10000",
            "heartbeat.interval.ms=1000");
    JavaProcess scheduler = SchedulerMain.start(dir, 1, settings);
    try (TimerLoad load = new TimerLoad(KAFKA.bootstrapServers(), topics.timers());
        TriggerLog triggers = new TriggerLog(KAFKA.bootstrapServers(), topics.triggers())) {
      // Given 10,400 firings due over the next 75 s
      Instant base = Instant.now().plusSeconds(10).truncatedTo(ChronoUnit.MILLIS);
      for (int i = 0; i < 8_000; i++) {
        load.at("once-" + i, base.plusMillis((i * 7_919L) % 60_000));
      }
      for (int i = 0; i < 200; i++) {
        load.every("rate-" + i, base.plusMillis((i * 104_729L) % 5_000), 5, 12);
      }
      load.flush();
      int total = load.expected().size();
      // When the scheduler is killed with SIGKILL twice mid-run, and restarted each time
      for (double progress : new double[] {0.2, 0.55}) {
        assertTrue(
            triggers.pollUntil(
                () -> triggers.received() >= total * progress, Duration.ofSeconds(150)),
            "progress before kill");
        scheduler.kill();
        System.out.printf(
            "CrashRecoveryIT: killed at %d of %d firings%n", triggers.received(), total);
        scheduler = SchedulerMain.start(dir, progress < 0.5 ? 2 : 3, settings);
        System.out.printf(
            "CrashRecoveryIT: the restart replayed %d changelog records%n",
            PunctualProcesses.replayedRecords(scheduler));
      }
      boolean all =
          triggers.pollUntil(() -> triggers.sawAll(load.expected()), Duration.ofSeconds(180));
      triggers.drain(Duration.ofSeconds(5));
      System.out.println("CrashRecoveryIT: " + triggers.latencySummary());
      // Then the checker finds every invocation id once, none early
      assertTrue(
          all, "missing " + triggers.missing(load.expected()).size() + " (logs in " + dir + ")");
      assertTrue(total >= 10_000);
      assertEquals(List.of(), triggers.duplicated());
      assertEquals(List.of(), triggers.early());
      assertEquals(0, triggers.unexpected(load.expected()).size());
    } finally {
      scheduler.close();
    }
  }
}

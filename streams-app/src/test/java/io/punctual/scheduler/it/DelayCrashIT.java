package io.punctual.scheduler.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.testkit.JavaProcess;
import io.punctual.testkit.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The scheduler in a JVM of its own is killed with SIGKILL three times while 20,000 delayed records
 * fall due, and restarted each time: a read_committed consumer of the destinations finds each
 * record once, byte for byte, none early.
 */
class DelayCrashIT {
  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  private static final List<String> DESTINATIONS = List.of("crash-orders", "crash-payments");

  @Test
  void shouldDeliverEachDelayedRecordExactlyOnceAcrossKills() throws Exception {
    Path dir = Files.createTempDirectory("punctual-delay-crash");
    List<String> settings =
        List.of(
            "bootstrap.servers=" + KAFKA.bootstrapServers(),
            "punctual.topic.prefix=delay-crash",
            "punctual.topics.partitions=6",
            "application.id=delay-crash-scheduler",
            "state.dir=" + dir.resolve("state"),
            "session.timeout.ms=10000",
            "heartbeat.interval.ms=1000");
    DelayedLoad.createDestinations(KAFKA.bootstrapServers(), DESTINATIONS, 3);
    JavaProcess scheduler = SchedulerMain.start(dir, 1, settings);
    try (DeliveryLog log = new DeliveryLog(KAFKA.bootstrapServers(), DESTINATIONS);
        DelayedLoad load =
            new DelayedLoad(KAFKA.bootstrapServers(), "delay-crash.delayed", DESTINATIONS, 2031)) {
      // Given 20,000 delayed records due over the next 70 s
      Instant base = Instant.now().plusSeconds(10).truncatedTo(ChronoUnit.MILLIS);
      load.send(20_000, base, 60_000, 0, base);
      int total = load.expected().size();
      // When the scheduler is killed with SIGKILL three times mid-run, and restarted each time
      int n = 1;
      for (double progress : new double[] {0.15, 0.45, 0.75}) {
        assertTrue(
            log.pollUntil(() -> log.received() >= total * progress, Duration.ofSeconds(150)),
            "progress before kill");
        scheduler.kill();
        System.out.printf("DelayCrashIT: killed at %d of %d deliveries%n", log.received(), total);
        scheduler = SchedulerMain.start(dir, ++n, settings);
      }
      boolean all = log.pollUntil(() -> log.received() >= total, Duration.ofSeconds(180));
      log.drain(Duration.ofSeconds(5));
      System.out.println("DelayCrashIT: " + log.latencySummary());
      // Then every record arrived once, byte for byte, none early
      assertTrue(all, "received " + log.received() + " of " + total + " (logs in " + dir + ")");
      assertEquals(List.of(), log.problems(load.sent()));
    } finally {
      scheduler.close();
    }
  }
}

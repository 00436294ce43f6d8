package io.punctual.scheduler.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.scheduler.PunctualScheduler;
import io.punctual.scheduler.SchedulerConfig;
import io.punctual.testkit.KafkaBroker;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The scheduler on a real broker: every due instant once, never early, read_committed. */
class SchedulerIT {
  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  @Test
  void shouldFireEveryDueInstantExactlyOnceAndNeverEarly() throws Exception {
    SchedulerConfig config = new SchedulerConfig(ItSettings.of(KAFKA.kafka(), "exactly-once"));
    try (PunctualScheduler scheduler = PunctualScheduler.start(config);
        TimerLoad load = new TimerLoad(KAFKA.bootstrapServers(), config.topics().timers());
        TriggerLog log = new TriggerLog(KAFKA.bootstrapServers(), config.topics().triggers())) {
      assertTrue(scheduler.awaitRunning(Duration.ofSeconds(60)), "scheduler running");
      // Given 5,000 timers due within the next 60 s: 4,500 one-shots and 500 fixed-rate timers
      Instant base = Instant.now().plusSeconds(5).truncatedTo(ChronoUnit.MILLIS);
      for (int i = 0; i < 4_500; i++) {
        load.at("once-" + i, base.plusMillis((i * 7_919L) % 50_000));
      }
      for (int i = 0; i < 500; i++) {
        load.every("rate-" + i, base.plusMillis((i * 104_729L) % 20_000), 10, 3);
      }
      load.flush();
      // When they all fall due
      boolean all = log.pollUntil(() -> log.sawAll(load.expected()), Duration.ofSeconds(120));
      log.drain(Duration.ofSeconds(3));
      System.out.println("SchedulerIT: " + log.latencySummary());
      // Then each fired exactly once, none early, nothing unexpected
      assertTrue(all, "missing: " + log.missing(load.expected()).size());
      assertEquals(6_000, load.expected().size());
      assertEquals(List.of(), log.duplicated());
      assertEquals(List.of(), log.early());
      assertEquals(0, log.unexpected(load.expected()).size());
    }
  }
}

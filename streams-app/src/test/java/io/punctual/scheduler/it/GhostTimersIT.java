package io.punctual.scheduler.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.devkit.EmbeddedKafka;
import io.punctual.scheduler.PunctualScheduler;
import io.punctual.scheduler.SchedulerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Local state written against another cluster is not trusted: a scheduler that stopped cleanly,
 * then starts from the same state directory on a fresh broker with empty topics, fires nothing of
 * the timers that exist only in its old state.
 */
class GhostTimersIT {
  private static final String PREFIX = "ghost";

  @Test
  void shouldNotFireTimersOfStateBuiltAgainstAnotherCluster() throws Exception {
    Path stateDir = Files.createTempDirectory("ghost-state");
    Map<String, Object> settings;
    // Given a scheduler that fired a timer every 2 s on a first broker, then stopped cleanly
    try (EmbeddedKafka first = EmbeddedKafka.start()) {
      settings = ItSettings.of(first, PREFIX);
      settings.put("state.dir", stateDir.toString());
      try (PunctualScheduler scheduler = PunctualScheduler.start(new SchedulerConfig(settings));
          TriggerLog triggers = new TriggerLog(first.bootstrapServers(), PREFIX + ".triggers")) {
        assertTrue(scheduler.awaitRunning(Duration.ofSeconds(60)));
        define(first, "ghost-1");
        assertTrue(triggers.pollUntil(() -> triggers.received() >= 1, Duration.ofSeconds(30)));
      }
    }

    // When it starts again from the same state directory on a fresh broker with empty topics
    try (EmbeddedKafka second = EmbeddedKafka.start()) {
      settings.put("bootstrap.servers", second.bootstrapServers());
      try (PunctualScheduler scheduler = PunctualScheduler.start(new SchedulerConfig(settings));
          TriggerLog triggers = new TriggerLog(second.bootstrapServers(), PREFIX + ".triggers")) {
        assertTrue(scheduler.awaitRunning(Duration.ofSeconds(60)));
        triggers.drain(Duration.ofSeconds(8));

        // Then the timer that exists nowhere in this cluster never fires
        assertEquals(0, triggers.received());
      }
    }
  }

  private static void define(EmbeddedKafka kafka, String id) {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", kafka.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      producer.send(
          new ProducerRecord<>(
              PREFIX + ".timers",
              id,
              "{\"schedule\": {\"every\": \"PT2S\"}, \"target\": {\"http\": {\"url\":"
                  + " \"http://target.test/out\"}}}"));
    }
  }
}

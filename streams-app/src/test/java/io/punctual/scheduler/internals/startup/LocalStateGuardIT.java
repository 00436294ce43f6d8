package io.punctual.scheduler.internals.startup;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.scheduler.PunctualScheduler;
import io.punctual.scheduler.SchedulerConfig;
import io.punctual.scheduler.internals.NodeNames;
import io.punctual.testkit.KafkaBroker;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local state guard against a real broker: a clean restart keeps the stores; a changelog that
 * ends before where it ended at the last clean stop (records the broker lost) or is gone wipes
 * them.
 */
class LocalStateGuardIT {
  private static final String PREFIX = "guard";
  private static final String APPLICATION = PREFIX + "-scheduler";
  private static final String TIMERS_CHANGELOG =
      APPLICATION + "-" + NodeNames.TIMERS_STORE + "-changelog";

  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();
  @TempDir Path state;

  @Test
  void shouldKeepStoresOfACleanStopAndWipeThoseTheChangelogsNoLongerHold() throws Exception {
    // Given a scheduler that stored timers and stopped cleanly
    SchedulerConfig config = new SchedulerConfig(settings());
    try (PunctualScheduler scheduler = PunctualScheduler.start(config)) {
      assertTrue(scheduler.awaitRunning(Duration.ofSeconds(60)));
      define(List.of("g-1", "g-2", "g-3", "g-4", "g-5", "g-6"));
      Thread.sleep(3_000);
    }
    Path identity = state.resolve(APPLICATION + ".punctual-identity");
    Properties stopped = read(identity);
    String timersEnd = "end." + TIMERS_CHANGELOG + "-0";
    assertTrue(Long.parseLong(stopped.getProperty(timersEnd, "0")) > 0, stopped.toString());

    try (Admin admin = Admin.create(config.adminProperties())) {
      LocalStateGuard guard = new LocalStateGuard(admin, config, 30);
      // Then a clean restart keeps the stores
      assertFalse(guard.mustWipe(), stopped.toString());

      // When a changelog ends before where it ended at the clean stop (the broker lost records
      // the stores hold)
      Properties lost = new Properties();
      lost.putAll(stopped);
      lost.setProperty(
          timersEnd, Long.toString(Long.parseLong(stopped.getProperty(timersEnd)) + 1_000));
      write(identity, lost);
      // Then the stores are wiped
      assertTrue(guard.mustWipe());

      // When a changelog the stores were built from is gone
      guard.recordChangelogEnds();
      assertFalse(guard.mustWipe());
      admin.deleteTopics(List.of(TIMERS_CHANGELOG)).all().get();
      awaitGone(admin, TIMERS_CHANGELOG);
      // Then the stores are wiped
      assertTrue(guard.mustWipe());
    }
  }

  private Map<String, Object> settings() {
    Map<String, Object> settings = new HashMap<>();
    settings.put("bootstrap.servers", KAFKA.bootstrapServers());
    settings.put("application.id", APPLICATION);
    settings.put("state.dir", state.toString());
    settings.put(SchedulerConfig.TOPIC_PREFIX_CONFIG, PREFIX);
    settings.put(SchedulerConfig.TOPICS_PARTITIONS_CONFIG, "1");
    return settings;
  }

  private static void define(List<String> ids) {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", KAFKA.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      for (String id : ids) {
        producer.send(
            new ProducerRecord<>(
                PREFIX + ".timers",
                id,
                "{\"schedule\": {\"every\": \"PT1H\"}, \"target\": {\"http\": {\"url\":"
                    + " \"http://target.test/out\"}}}"));
      }
    }
  }

  private static Properties read(Path file) throws Exception {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    }
    return properties;
  }

  private static void write(Path file, Properties properties) throws Exception {
    try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      properties.store(writer, null);
    }
  }

  private static void awaitGone(Admin admin, String topic) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (admin.listTopics().names().get().contains(topic) && System.nanoTime() < end) {
      Thread.sleep(100);
    }
  }
}

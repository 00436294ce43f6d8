package io.punctual.scheduler.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.StatusEvent;
import io.punctual.serde.PunctualDeserializer;
import io.punctual.testkit.JavaProcess;
import io.punctual.testkit.KafkaBroker;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Timers with a Kafka target on a real broker: the scheduler writes each record in the transaction
 * of its firing, so a read_committed consumer of the topics sees each once, byte for byte, never
 * before its instant, through SIGKILLs; a topic that appears between attempts gets the record on a
 * retry.
 */
class KafkaTargetIT {
  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  private static final List<String> TOPICS = List.of("kt-orders", "kt-payments", "kt-mail");

  @Test
  void shouldWriteEachKafkaTargetExactlyOnceAcrossKills() throws Exception {
    Path dir = Files.createTempDirectory("punctual-kafka-target");
    List<String> settings =
        List.of(
            "bootstrap.servers=" + KAFKA.bootstrapServers(),
            "punctual.topic.prefix=kafka-target",
            "punctual.topics.partitions=6",
            "application.id=kafka-target-scheduler",
            "state.dir=" + dir.resolve("state"),
            "session.timeout.ms=10000",
            "heartbeat.interval.ms=1000");
    DelayedLoad.createDestinations(KAFKA.bootstrapServers(), TOPICS, 3);
    JavaProcess scheduler = SchedulerMain.start(dir, 1, settings);
    try (DeliveryLog log = new DeliveryLog(KAFKA.bootstrapServers(), TOPICS);
        KafkaProducer<byte[], byte[]> producer = DelayedLoad.producer(KAFKA.bootstrapServers())) {
      // Given 6,000 one-shot timers due over the next 50 s, keys and values of random bytes or
      // text, each with a header of its own
      Instant base = Instant.now().plusSeconds(10).truncatedTo(ChronoUnit.MILLIS);
      List<DeliveryLog.Sent> sent = define(producer, "kafka-target.timers", 6_000, base, 40_000);
      // When the scheduler is killed with SIGKILL three times mid-run, and restarted each time
      int n = 1;
      for (double progress : new double[] {0.15, 0.45, 0.75}) {
        assertTrue(
            log.pollUntil(() -> log.received() >= sent.size() * progress, Duration.ofSeconds(150)),
            "progress before kill");
        scheduler.kill();
        System.out.printf("KafkaTargetIT: killed at %d of %d%n", log.received(), sent.size());
        scheduler = SchedulerMain.start(dir, ++n, settings);
      }
      boolean all = log.pollUntil(() -> log.received() >= sent.size(), Duration.ofSeconds(180));
      log.drain(Duration.ofSeconds(5));
      System.out.println("KafkaTargetIT: " + log.latencySummary());
      // Then each record was written once, byte for byte, with its instant, never before it
      assertTrue(
          all, "received " + log.received() + " of " + sent.size() + " (logs in " + dir + ")");
      assertEquals(List.of(), log.problems(sent));
    } finally {
      scheduler.close();
    }
  }

  /**
   * Defines {@code count} one-shot timers due between {@code base} and {@code base + spreadMs},
   * each writing a record with a key of its own (so that no two share a key and an instant).
   */
  private static List<DeliveryLog.Sent> define(
      KafkaProducer<byte[], byte[]> producer,
      String timers,
      int count,
      Instant base,
      int spreadMs) {
    Random random = new Random(2107);
    List<DeliveryLog.Sent> sent = new ArrayList<>();
    for (int seq = 0; seq < count; seq++) {
      String topic = TOPICS.get(random.nextInt(TOPICS.size()));
      Instant at = base.plusMillis(random.nextInt(spreadMs));
      boolean text = random.nextBoolean();
      byte[] key =
          text ? ("key-" + seq + "-é").getBytes(StandardCharsets.UTF_8) : bytes(random, seq, 20);
      byte[] value =
          text ? ("value " + seq).getBytes(StandardCharsets.UTF_8) : bytes(random, seq, 300);
      byte[] sequence = ByteBuffer.allocate(4).putInt(seq).array();
      String json =
          "{\"schedule\": {\"at\": \""
              + at
              + "\"}, \"target\": {\"kafka\": {\"topic\": \""
              + topic
              + "\", \"key\": "
              + payload(key, text)
              + ", \"value\": "
              + payload(value, text)
              + ", \"headers\": {\""
              + DeliveryLog.SEQ
              + "\": "
              + payload(sequence, false)
              + "}}}}";
      producer.send(
          new ProducerRecord<>(
              timers,
              ("kt-" + seq).getBytes(StandardCharsets.UTF_8),
              json.getBytes(StandardCharsets.UTF_8)));
      Header[] headers = {new RecordHeader(DeliveryLog.SEQ, sequence)};
      sent.add(new DeliveryLog.Sent(seq, topic, key, value, headers, at, false));
    }
    producer.flush();
    return sent;
  }

  /** Text as a JSON string, bytes as {"base64": ...}. */
  private static String payload(byte[] bytes, boolean text) {
    return text
        ? "\"" + new String(bytes, StandardCharsets.UTF_8) + "\""
        : "{\"base64\": \"" + Base64.getEncoder().encodeToString(bytes) + "\"}";
  }

  /** {@code seq}, then {@code length} random bytes: no two are equal. */
  private static byte[] bytes(Random random, int seq, int length) {
    byte[] bytes = new byte[4 + length];
    random.nextBytes(bytes);
    ByteBuffer.wrap(bytes).putInt(seq);
    return bytes;
  }

  /** The status events of a topic, read_committed. */
  private static final class StatusLog implements AutoCloseable {
    private final KafkaConsumer<String, StatusEvent> consumer;
    private final List<StatusEvent> events = new ArrayList<>();

    StatusLog(String topic) {
      consumer =
          new KafkaConsumer<>(
              Map.of(
                  "bootstrap.servers",
                  KAFKA.bootstrapServers(),
                  "group.id",
                  "status-log-" + UUID.randomUUID(),
                  "auto.offset.reset",
                  "earliest",
                  "isolation.level",
                  "read_committed"),
              new StringDeserializer(),
              new PunctualDeserializer<>(StatusEvent.class));
      consumer.subscribe(List.of(topic));
    }

    /** Reads until an event of {@code type} came, or the timeout passed. */
    boolean awaitType(String type, Duration timeout) {
      long end = System.nanoTime() + timeout.toNanos();
      while (firstOf(type) == null && System.nanoTime() < end) {
        consumer.poll(Duration.ofMillis(100)).forEach(r -> events.add(r.value()));
      }
      return firstOf(type) != null;
    }

    StatusEvent firstOf(String type) {
      return events.stream().filter(e -> e.getType().name().equals(type)).findFirst().orElse(null);
    }

    @Override
    public void close() {
      consumer.close();
    }
  }

  @Test
  void shouldWriteTheRecordOnARetryOnceItsTopicExists() throws Exception {
    Path dir = Files.createTempDirectory("punctual-kafka-target-retry");
    List<String> settings =
        List.of(
            "bootstrap.servers=" + KAFKA.bootstrapServers(),
            "punctual.topic.prefix=kafka-retry",
            "application.id=kafka-retry-scheduler",
            "state.dir=" + dir.resolve("state"));
    JavaProcess scheduler = SchedulerMain.start(dir, 1, settings);
    try (KafkaProducer<byte[], byte[]> producer = DelayedLoad.producer(KAFKA.bootstrapServers());
        StatusLog status = new StatusLog("kafka-retry.status")) {
      // Given a timer due now with four attempts, whose topic does not exist yet
      String json =
          "{\"schedule\": {\"after\": \"PT1S\"}, \"retry\": {\"maxAttempts\": 4,"
              + " \"initialBackoff\": \"PT3S\"}, \"target\": {\"kafka\": {\"topic\":"
              + " \"kt-created-later\", \"key\": \"k\", \"value\": \"v\"}}}";
      producer.send(
          new ProducerRecord<>(
              "kafka-retry.timers",
              "late".getBytes(StandardCharsets.UTF_8),
              json.getBytes(StandardCharsets.UTF_8)));
      producer.flush();

      // When its first attempt fails for want of the topic, and the topic is created then
      assertTrue(status.awaitType("RETRY_SCHEDULED", Duration.ofSeconds(60)), "no retry scheduled");
      String error = status.firstOf("RETRY_SCHEDULED").getError();
      assertTrue(error.contains("does not exist"), error);
      DelayedLoad.createDestinations(KAFKA.bootstrapServers(), List.of("kt-created-later"), 1);

      // Then a later attempt writes it, once, and succeeds
      try (DeliveryLog log =
          new DeliveryLog(KAFKA.bootstrapServers(), List.of("kt-created-later"))) {
        assertTrue(log.pollUntil(() -> log.received() >= 1, Duration.ofSeconds(60)), "not written");
        log.drain(Duration.ofSeconds(3));
        assertEquals(1, log.received());
      }
      assertTrue(status.awaitType("SUCCEEDED", Duration.ofSeconds(30)), "no SUCCEEDED");
    } finally {
      scheduler.close();
    }
  }
}

package io.punctual.scheduler.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.AtSchedule;
import io.punctual.HttpTarget;
import io.punctual.StatusEvent;
import io.punctual.StatusType;
import io.punctual.TimerDefinition;
import io.punctual.contract.DeadLetterHeaders;
import io.punctual.devkit.MiniSchemaRegistry;
import io.punctual.scheduler.PunctualScheduler;
import io.punctual.scheduler.SchedulerConfig;
import io.punctual.serde.ConfluentAvroSerializer;
import io.punctual.serde.PunctualDeserializer;
import io.punctual.testkit.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every kind of bad record, interleaved with good ones on a real broker: the good ones fire, the
 * bad ones reach the dead-letter topic with a reason and their origin, each with a REJECTED event,
 * and no stream thread fails.
 */
class BadInputIT {
  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();
  private static MiniSchemaRegistry registry;

  @BeforeAll
  static void start() {
    registry = MiniSchemaRegistry.start(0);
  }

  @AfterAll
  static void stop() {
    registry.close();
  }

  @Test
  void shouldDeadLetterEveryBadRecordAndFireEveryGoodOne() throws Exception {
    Map<String, Object> settings = ItSettings.of(KAFKA.kafka(), "bad-input");
    settings.put(SchedulerConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url());
    SchedulerConfig config = new SchedulerConfig(settings);
    try (PunctualScheduler scheduler = PunctualScheduler.start(config);
        TriggerLog triggers =
            new TriggerLog(KAFKA.bootstrapServers(), config.topics().triggers())) {
      assertTrue(scheduler.awaitRunning(Duration.ofSeconds(60)));
      Instant at = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.MILLIS);
      // Given bad records of every kind, each followed by a good one
      Map<String, byte[][]> bad = badRecords(config.topics().timers(), at);
      List<String> expected = new ArrayList<>();
      try (KafkaProducer<byte[], byte[]> producer =
          new KafkaProducer<>(
              Map.of("bootstrap.servers", KAFKA.bootstrapServers(), "max.request.size", "2000000"),
              new ByteArraySerializer(),
              new ByteArraySerializer())) {
        int i = 0;
        for (byte[][] record : bad.values()) {
          producer.send(new ProducerRecord<>(config.topics().timers(), record[0], record[1]));
          String good = "good-" + i++;
          producer.send(
              new ProducerRecord<>(config.topics().timers(), bytes(good), bytes(json(good, at))));
          expected.add(good + "@" + at.toEpochMilli());
        }
        String avro = "good-avro";
        producer.send(
            new ProducerRecord<>(
                config.topics().timers(), bytes(avro), avro(config.topics().timers(), avro, at)));
        expected.add(avro + "@" + at.toEpochMilli());
      }
      // When they are processed
      Set<String> want = new HashSet<>(expected);
      boolean all = triggers.pollUntil(() -> triggers.sawAll(want), Duration.ofSeconds(60));
      // Then every good timer fired
      assertTrue(all, "missing " + triggers.missing(want));
      // And every bad record is a dead letter naming its error and origin
      List<ConsumerRecord<byte[], byte[]>> letters =
          readAll(config.topics().deadLetters(), bad.size(), new ByteArrayDeserializer());
      assertEquals(bad.size(), letters.size());
      for (ConsumerRecord<byte[], byte[]> letter : letters) {
        assertTrue(header(letter, DeadLetterHeaders.ERROR).length() > 0);
        assertEquals(config.topics().timers(), header(letter, DeadLetterHeaders.ORIGIN_TOPIC));
        Long.parseLong(header(letter, DeadLetterHeaders.ORIGIN_OFFSET));
        System.out.println("BadInputIT dead letter: " + header(letter, DeadLetterHeaders.ERROR));
      }
      // And each has a REJECTED status event
      List<ConsumerRecord<byte[], StatusEvent>> events =
          readAll(
              config.topics().status(), bad.size(), new PunctualDeserializer<>(StatusEvent.class));
      assertEquals(
          bad.size(),
          events.stream().filter(e -> e.value().getType() == StatusType.REJECTED).count());
      // And no stream thread failed
      assertEquals(0, scheduler.threadFailures());
      assertEquals(KafkaStreams.State.RUNNING, scheduler.streams().state());
    }
  }

  private Map<String, byte[][]> badRecords(String topic, Instant at) {
    Map<String, byte[][]> bad = new LinkedHashMap<>();
    String target = "\"target\": {\"http\": {\"url\": \"http://target.test/bad\"}}";
    bad.put("undecodable bytes", record("b1", new byte[] {0x13, 0x37, (byte) 0xFE, 0x01}));
    byte[] valid = avro(topic, "b2", at);
    bad.put("truncated avro", record("b2", Arrays.copyOf(valid, valid.length - 7)));
    bad.put("unknown schema id", record("b3", new byte[] {0, 0, 0, 0x27, 0x0F, 2, 4, 6}));
    bad.put("invalid json", record("b4", bytes("{\"schedule\": {\"at\": ")));
    bad.put(
        "invalid cron",
        record("b5", bytes("{\"schedule\": {\"cron\": \"61 * * * *\"}, " + target + "}")));
    bad.put(
        "unknown zone",
        record(
            "b6",
            bytes(
                "{\"schedule\": {\"cron\": \"* * * * *\", \"timeZone\": \"Mars/Olympus\"}, "
                    + target
                    + "}")));
    bad.put(
        "id differs from key",
        record(
            "b7",
            bytes("{\"id\": \"other\", \"schedule\": {\"at\": \"" + at + "\"}, " + target + "}")));
    bad.put(
        "impossible date",
        record("b8", bytes("{\"schedule\": {\"at\": \"2026-02-30T10:00:00Z\"}, " + target + "}")));
    bad.put(
        "negative duration",
        record("b9", bytes("{\"schedule\": {\"after\": \"-PT5S\"}, " + target + "}")));
    bad.put(
        "zero period",
        record("b10", bytes("{\"schedule\": {\"every\": \"PT0S\"}, " + target + "}")));
    bad.put(
        "oversized record",
        record(
            "b11",
            bytes(
                "{\"schedule\": {\"at\": \""
                    + at
                    + "\"}, \"target\": {\"http\": {\"url\": \"http://x/\", \"body\": \""
                    + "x".repeat(300_000)
                    + "\"}}}")));
    bad.put("key not UTF-8", new byte[][] {new byte[] {(byte) 0xC3, 0x28}, bytes(json("x", at))});
    bad.put(
        "malformed url",
        record(
            "b12",
            bytes(
                "{\"schedule\": {\"at\": \""
                    + at
                    + "\"}, \"target\": {\"http\": {\"url\": \"ht tp://\"}}}")));
    bad.put(
        "unknown field",
        record(
            "b13",
            bytes(
                "{\"schedule\": {\"at\": \"" + at + "\"}, \"colour\": \"red\", " + target + "}")));
    bad.put(
        "year 0",
        record("b14", bytes("{\"schedule\": {\"at\": \"0000-01-01T00:00:00Z\"}, " + target + "}")));
    return bad;
  }

  private byte[] avro(String topic, String id, Instant at) {
    try (ConfluentAvroSerializer<TimerDefinition> serializer = new ConfluentAvroSerializer<>()) {
      serializer.configure(Map.of("schema.registry.url", registry.url()), false);
      TimerDefinition definition =
          TimerDefinition.newBuilder()
              .setSchedule(new AtSchedule(at))
              .setTarget(HttpTarget.newBuilder().setUrl("http://target.test/good").build())
              .build();
      return serializer.serialize(topic, definition);
    }
  }

  private static String json(String id, Instant at) {
    return "{\"id\": \""
        + id
        + "\", \"schedule\": {\"at\": \""
        + at
        + "\"}, \"target\": {\"http\": {\"url\": \"http://target.test/good\"}}}";
  }

  private static byte[][] record(String key, byte[] value) {
    return new byte[][] {bytes(key), value};
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String header(ConsumerRecord<?, ?> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static <V> List<ConsumerRecord<byte[], V>> readAll(
      String topic, int count, Deserializer<V> values) {
    Map<String, Object> props = new HashMap<>();
    props.put("bootstrap.servers", KAFKA.bootstrapServers());
    props.put("group.id", "reader-" + UUID.randomUUID());
    props.put("auto.offset.reset", "earliest");
    props.put("isolation.level", "read_committed");
    List<ConsumerRecord<byte[], V>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], V> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), values)) {
      consumer.subscribe(List.of(topic));
      long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (records.size() < count && System.nanoTime() < end) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }
}

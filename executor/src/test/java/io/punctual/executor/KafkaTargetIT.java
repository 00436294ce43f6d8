package io.punctual.executor;

import static io.punctual.StatusType.DEAD_LETTERED;
import static io.punctual.StatusType.FAILED;
import static io.punctual.StatusType.STARTED;
import static io.punctual.StatusType.SUCCEEDED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.Invocation;
import io.punctual.devkit.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Kafka targets: delayed messages delivered at their instant, once each, only to topics they may
 * write to.
 */
class KafkaTargetIT {
  @Test
  void shouldDeliverDelayedRecordsAtOrAfterTheirInstantExactlyOnce() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        ExecutorHarness harness = new ExecutorHarness(kafka.bootstrapServers(), "delay");
        PunctualExecutor executor =
            PunctualExecutor.start(harness.executorProperties("delay-executor"))) {
      assertTrue(executor.httpPort() > 0);
      // Given 30 delayed messages due 1 to 2.5 s from now
      harness.createTopics("delayed");
      List<Invocation> invocations = new ArrayList<>();
      Instant base = Instant.now().plusSeconds(1);
      for (int i = 0; i < 30; i++) {
        invocations.add(
            ExecutorHarness.kafka("msg-" + i, base.plusMillis(50L * i), "delayed", "v" + i));
      }

      // When they are triggered now
      for (Invocation invocation : invocations) {
        harness.send(invocation);
      }

      // Then each arrives once on its topic, not before its instant, with the invocation headers
      Map<String, List<ConsumerRecord<String, String>>> received = consume(kafka, 30);
      for (Invocation invocation : invocations) {
        assertEquals(
            List.of(STARTED, SUCCEEDED),
            harness.awaitFinal(invocation.getInvocationId(), Duration.ofSeconds(30)));
        List<ConsumerRecord<String, String>> records = received.get(invocation.getInvocationId());
        assertEquals(1, records.size(), "records of " + invocation.getInvocationId());
        ConsumerRecord<String, String> record = records.get(0);
        assertFalse(
            Instant.ofEpochMilli(record.timestamp()).isBefore(invocation.getScheduledAt()),
            "record of " + invocation.getInvocationId() + " produced early");
        assertEquals(invocation.getTimerId(), record.key());
        assertEquals(
            "test",
            new String(record.headers().lastHeader("origin").value(), StandardCharsets.UTF_8));
        assertEquals(
            "1",
            new String(
                record.headers().lastHeader("punctual-attempt").value(), StandardCharsets.UTF_8));
      }
      // And nothing more arrives
      Thread.sleep(1_000);
      assertEquals(30, consume(kafka, 30).values().stream().mapToInt(List::size).sum());
    }
  }

  @Test
  @SuppressWarnings("try") // the resource only has to run while the test does
  void shouldRefuseReservedTopicsAndTopicsOutsideTheAllowlist() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        ExecutorHarness harness = new ExecutorHarness(kafka.bootstrapServers(), "confined")) {
      // Given an executor allowing the topics delivered.*
      Map<String, Object> props = harness.executorProperties("confined-executor");
      props.put("punctual.executor.allow-topics", "delivered\\..*");
      harness.createTopics("delivered.ok", "elsewhere", "punctual-timers-changelog");
      try (PunctualExecutor executor = PunctualExecutor.start(props)) {
        Instant now = Instant.now();
        Invocation ownStatus = ExecutorHarness.kafka("own", now, "confined.status", "fake");
        Invocation changelog =
            ExecutorHarness.kafka("changelog", now, "punctual-timers-changelog", "fake");
        Invocation elsewhere = ExecutorHarness.kafka("elsewhere", now, "elsewhere", "v");
        Invocation allowed = ExecutorHarness.kafka("allowed", now, "delivered.ok", "v");
        Invocation missing = ExecutorHarness.kafka("missing", now, "delivered.missing", "v");

        // When each is triggered
        long sent = System.nanoTime();
        for (Invocation invocation : List.of(ownStatus, changelog, elsewhere, allowed, missing)) {
          harness.send(invocation);
        }

        // Then an allowed topic that does not exist fails the attempt soon, naming the topic
        assertRefused(harness, missing, "does not exist");
        assertTrue(
            Duration.ofNanos(System.nanoTime() - sent).compareTo(Duration.ofSeconds(5)) < 0,
            "the unknown topic took " + Duration.ofNanos(System.nanoTime() - sent));
        // And reserved and unlisted topics are refused naming the topic, and the allowed one
        // is delivered
        assertRefused(harness, ownStatus, "is reserved");
        assertRefused(harness, changelog, "is reserved");
        assertRefused(harness, elsewhere, "allow-topics");
        assertEquals(
            List.of(STARTED, SUCCEEDED),
            harness.awaitFinal(allowed.getInvocationId(), Duration.ofSeconds(30)));
        assertEquals(0, count(kafka, "elsewhere") + count(kafka, "punctual-timers-changelog"));
        assertEquals(1, count(kafka, "delivered.ok"));
        // And the allowed topic that does not exist is not created (this broker creates topics on
        // first use)
        try (Admin admin =
            Admin.create(Map.of("bootstrap.servers", (Object) kafka.bootstrapServers()))) {
          assertFalse(admin.listTopics().names().get().contains("delivered.missing"));
        }
      }
    }
  }

  private static void assertRefused(ExecutorHarness harness, Invocation invocation, String why) {
    assertEquals(
        List.of(STARTED, FAILED, DEAD_LETTERED),
        harness.awaitFinal(invocation.getInvocationId(), Duration.ofSeconds(30)));
    String error = harness.events(invocation.getInvocationId()).get(1).getError();
    assertTrue(error.contains("target.kafka.topic") && error.contains(why), error);
  }

  private static int count(EmbeddedKafka kafka, String topic) {
    Properties props = new Properties();
    props.put("bootstrap.servers", kafka.bootstrapServers());
    props.put("group.id", "counter-" + System.nanoTime());
    props.put("auto.offset.reset", "earliest");
    props.put("key.deserializer", StringDeserializer.class.getName());
    props.put("value.deserializer", StringDeserializer.class.getName());
    int count = 0;
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(topic));
      long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
      while (System.nanoTime() < end) {
        count += consumer.poll(Duration.ofMillis(100)).count();
      }
    }
    return count;
  }

  private static Map<String, List<ConsumerRecord<String, String>>> consume(
      EmbeddedKafka kafka, int expected) {
    Properties props = new Properties();
    props.put("bootstrap.servers", kafka.bootstrapServers());
    props.put("group.id", "reader-" + System.nanoTime());
    props.put("auto.offset.reset", "earliest");
    props.put("key.deserializer", StringDeserializer.class.getName());
    props.put("value.deserializer", StringDeserializer.class.getName());
    Map<String, List<ConsumerRecord<String, String>>> byId = new HashMap<>();
    int count = 0;
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of("delayed"));
      while (count < expected && System.nanoTime() < end) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
          String id =
              new String(
                  record.headers().lastHeader("punctual-invocation-id").value(),
                  StandardCharsets.UTF_8);
          byId.computeIfAbsent(id, k -> new ArrayList<>()).add(record);
          count++;
        }
      }
      consumer
          .poll(Duration.ofMillis(500))
          .forEach(
              record ->
                  byId.computeIfAbsent(
                          new String(
                              record.headers().lastHeader("punctual-invocation-id").value(),
                              StandardCharsets.UTF_8),
                          k -> new ArrayList<>())
                      .add(record));
    }
    return byId;
  }
}

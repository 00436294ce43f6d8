package io.punctual.scheduler.it;

import io.punctual.Invocation;
import io.punctual.serde.PunctualDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code punctual.triggers} with read_committed and checks every invocation id against the
 * expected set: none missing, none twice, none early (record timestamp before its instant).
 */
final class TriggerLog implements AutoCloseable {
  private final KafkaConsumer<String, Invocation> consumer;
  private final Map<String, Integer> seen = new HashMap<>();
  private final List<String> early = new ArrayList<>();
  private final List<Long> latenessMillis = new ArrayList<>();

  TriggerLog(String bootstrapServers, String topic) {
    consumer =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers", bootstrapServers,
                "group.id", "trigger-log-" + UUID.randomUUID(),
                "auto.offset.reset", "earliest",
                "isolation.level", "read_committed",
                "enable.auto.commit", "false"),
            new StringDeserializer(),
            new PunctualDeserializer<>(Invocation.class));
    consumer.subscribe(List.of(topic));
  }

  /** Polls until {@code done} holds or the timeout passes; returns whether it holds. */
  boolean pollUntil(BooleanSupplier done, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean() && System.nanoTime() < end) {
      poll(Duration.ofMillis(100));
    }
    return done.getAsBoolean();
  }

  /** Polls for a while, to catch late duplicates. */
  void drain(Duration duration) {
    long end = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < end) {
      poll(Duration.ofMillis(100));
    }
  }

  private void poll(Duration timeout) {
    for (ConsumerRecord<String, Invocation> record : consumer.poll(timeout)) {
      Invocation invocation = record.value();
      seen.merge(invocation.getInvocationId(), 1, Integer::sum);
      long lateness = record.timestamp() - invocation.getScheduledAt().toEpochMilli();
      latenessMillis.add(lateness);
      if (lateness < 0) {
        early.add(invocation.getInvocationId() + " by " + (-lateness) + " ms");
      }
    }
  }

  boolean sawAll(Set<String> expected) {
    return seen.keySet().containsAll(expected);
  }

  Set<String> missing(Set<String> expected) {
    Set<String> missing = new HashSet<>(expected);
    missing.removeAll(seen.keySet());
    return missing;
  }

  List<String> duplicated() {
    return seen.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
  }

  Set<String> unexpected(Set<String> expected) {
    Set<String> unexpected = new HashSet<>(seen.keySet());
    unexpected.removeAll(expected);
    return unexpected;
  }

  List<String> early() {
    return early;
  }

  int received() {
    return seen.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Lateness percentiles in ms of the trigger records, for the test's log. */
  String latencySummary() {
    List<Long> sorted = latenessMillis.stream().sorted().toList();
    if (sorted.isEmpty()) {
      return "no records";
    }
    return String.format(
        "records=%d lateness ms p50=%d p99=%d max=%d",
        sorted.size(),
        sorted.get(sorted.size() / 2),
        sorted.get((int) Math.min(sorted.size() - 1, Math.round(sorted.size() * 0.99))),
        sorted.get(sorted.size() - 1));
  }

  @Override
  public void close() {
    consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
  }
}

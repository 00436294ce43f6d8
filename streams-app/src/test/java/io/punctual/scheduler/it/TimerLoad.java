package io.punctual.scheduler.it;

import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Produces JSON timer definitions and records the invocation ids they must give. */
final class TimerLoad implements AutoCloseable {
  private final KafkaProducer<String, String> producer;
  private final String topic;
  private final Set<String> expected = new HashSet<>();

  TimerLoad(String bootstrapServers, String topic) {
    this.producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", bootstrapServers, "linger.ms", "5", "acks", "all"),
            new StringSerializer(),
            new StringSerializer());
    this.topic = topic;
  }

  /** A one-shot timer at {@code at}. */
  void at(String id, Instant at) {
    send(id, "{\"schedule\": {\"at\": \"" + at + "\"}, " + target() + "}");
    expected.add(id + "@" + at.toEpochMilli());
  }

  /** A fixed-rate timer from {@code first}, {@code count} firings {@code periodSeconds} apart. */
  void every(String id, Instant first, int periodSeconds, int count) {
    send(
        id,
        "{\"schedule\": {\"every\": \"PT"
            + periodSeconds
            + "S\", \"startAt\": \""
            + first
            + "\"}, \"maxFirings\": "
            + count
            + ", "
            + target()
            + "}");
    for (int i = 0; i < count; i++) {
      expected.add(id + "@" + first.plusSeconds((long) periodSeconds * i).toEpochMilli());
    }
  }

  void send(String id, String json) {
    producer.send(new ProducerRecord<>(topic, id, json));
  }

  private static String target() {
    return "\"target\": {\"http\": {\"url\": \"http://target.test/load\", \"body\": \"x\"}}";
  }

  Set<String> expected() {
    return expected;
  }

  void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close();
  }
}

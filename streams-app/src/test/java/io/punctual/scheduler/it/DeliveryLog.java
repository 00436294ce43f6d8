package io.punctual.scheduler.it;

import io.punctual.client.DelayedRecords;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the destination topics of delayed records with read_committed, and checks what arrived
 * against what was sent: each record once, byte for byte (key, value, headers), at its topic, with
 * its instant as timestamp, not before its instant, records of one key and instant in the order
 * they were sent, and no cancelled one. Records are told apart by their {@link #SEQ} header.
 */
final class DeliveryLog implements AutoCloseable {
  /** The header holding a sent record's sequence number (4 bytes, big-endian). */
  static final String SEQ = "it-seq";

  /** A record sent through the delay topic. */
  record Sent(
      int seq,
      String destination,
      byte[] key,
      byte[] value,
      Header[] headers,
      Instant at,
      boolean cancelled) {}

  private record Arrived(ConsumerRecord<byte[], byte[]> record, long arrivedAt) {}

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<Arrived> arrived = new ArrayList<>();

  DeliveryLog(String bootstrapServers, Collection<String> topics) {
    consumer =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers", bootstrapServers,
                "group.id", "delivery-log-" + UUID.randomUUID(),
                "auto.offset.reset", "earliest",
                "isolation.level", "read_committed",
                "enable.auto.commit", "false"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    consumer.subscribe(List.copyOf(topics));
  }

  /** Polls until {@code done} holds or the timeout passes; returns whether it holds. */
  boolean pollUntil(BooleanSupplier done, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean() && System.nanoTime() < end) {
      poll();
    }
    return done.getAsBoolean();
  }

  /** Polls for a while, to catch late duplicates. */
  void drain(Duration duration) {
    long end = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < end) {
      poll();
    }
  }

  private void poll() {
    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
      arrived.add(new Arrived(record, System.currentTimeMillis()));
    }
  }

  int received() {
    return arrived.size();
  }

  /**
   * Everything that differs from what was sent, at most 20 lines: missing, duplicated, early,
   * changed or out-of-order records, and cancelled ones that arrived.
   */
  List<String> problems(List<Sent> sent) {
    List<String> problems = new ArrayList<>();
    Map<Integer, Integer> seen = new HashMap<>();
    Map<String, Integer> lastOfGroup = new HashMap<>();
    for (Arrived one : arrived) {
      ConsumerRecord<byte[], byte[]> record = one.record();
      int seq = seq(record);
      if (seq < 0 || seq >= sent.size()) {
        problems.add("unexpected record at " + record.topic() + "-" + record.partition());
        continue;
      }
      Sent expected = sent.get(seq);
      if (seen.merge(seq, 1, Integer::sum) > 1) {
        problems.add(seq + " duplicated");
      }
      if (expected.cancelled()) {
        problems.add(seq + " was cancelled, yet delivered");
      }
      long at = expected.at().toEpochMilli();
      if (one.arrivedAt() < at) {
        problems.add(seq + " early by " + (at - one.arrivedAt()) + " ms");
      }
      String differs = differences(record, expected, at);
      if (!differs.isEmpty()) {
        problems.add(seq + " differs from what was sent:" + differs);
      }
      String group = record.topic() + "/" + Arrays.toString(record.key()) + "/" + at;
      Integer last = lastOfGroup.put(group, seq);
      if (last != null && last > seq) {
        problems.add(seq + " arrived after " + last + " of the same key and instant");
      }
    }
    for (Sent one : sent) {
      if (!one.cancelled() && !seen.containsKey(one.seq())) {
        problems.add(one.seq() + " missing");
      }
    }
    return problems.size() > 20 ? problems.subList(0, 20) : problems;
  }

  private static String differences(ConsumerRecord<byte[], byte[]> record, Sent expected, long at) {
    StringBuilder differs = new StringBuilder();
    if (!record.topic().equals(expected.destination())) {
      differs.append(" topic");
    }
    if (!Arrays.equals(record.key(), expected.key())) {
      differs.append(" key");
    }
    if (!Arrays.equals(record.value(), expected.value())) {
      differs.append(" value");
    }
    if (!Arrays.equals(userHeaders(record.headers().toArray()), expected.headers())) {
      differs
          .append(" headers ")
          .append(Arrays.toString(userHeaders(record.headers().toArray())))
          .append(" vs ")
          .append(Arrays.toString(expected.headers()));
    }
    if (record.timestamp() != at) {
      differs.append(" timestamp");
    }
    if (!Long.toString(at).equals(text(record.headers().lastHeader(DelayedRecords.SCHEDULED_AT)))) {
      differs.append(" scheduled-at");
    }
    return differs.toString();
  }

  /** The {@code punctual-error} header of each arrival, in arrival order (for dead letters). */
  List<String> errors() {
    return arrived.stream()
        .map(a -> text(a.record().headers().lastHeader("punctual-error")))
        .toList();
  }

  /** Whether arrival {@code index} holds the key, value and headers of {@code sent}. */
  boolean holds(int index, org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]> sent) {
    ConsumerRecord<byte[], byte[]> record = arrived.get(index).record();
    List<Header> headers = Arrays.asList(record.headers().toArray());
    return Arrays.equals(record.key(), sent.key())
        && Arrays.equals(record.value(), sent.value())
        && headers.containsAll(Arrays.asList(sent.headers().toArray()));
  }

  /** Lateness of the arrivals after their instants: p50, p99, max. */
  String latencySummary() {
    long[] lateness =
        arrived.stream()
            .mapToLong(
                a ->
                    a.arrivedAt()
                        - Long.parseLong(
                            text(a.record().headers().lastHeader(DelayedRecords.SCHEDULED_AT))))
            .sorted()
            .toArray();
    if (lateness.length == 0) {
      return "nothing arrived";
    }
    return String.format(
        "%d delivered, lateness p50 %d ms, p99 %d ms, max %d ms",
        lateness.length,
        lateness[lateness.length / 2],
        lateness[(int) (lateness.length * 0.99)],
        lateness[lateness.length - 1]);
  }

  private static Header[] userHeaders(Header[] all) {
    return Arrays.stream(all)
        .filter(h -> !h.key().startsWith(DelayedRecords.HEADER_PREFIX))
        .toArray(Header[]::new);
  }

  private static int seq(ConsumerRecord<byte[], byte[]> record) {
    Header header = record.headers().lastHeader(SEQ);
    return header == null || header.value().length != 4
        ? -1
        : ByteBuffer.wrap(header.value()).getInt();
  }

  private static String text(Header header) {
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
  }
}

package io.punctual.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic read_committed from its beginning until a number of records has arrived, and
 * measures the rate at which they were emitted (their record timestamps, which Punctual and the raw
 * apps set to the wall clock of emission); for Punctual's triggers also each record's lateness
 * (record timestamp − scheduled instant), duplicates and early ones, and a timeline of the lateness
 * per second of scheduled instants (to tell a stall from a steady tail).
 */
final class TopicMeter {
  /** What arrived. */
  record Measure(
      long records,
      long firstEmittedMs,
      long lastEmittedMs,
      long duplicates,
      long early,
      long[] latenessMs,
      SortedMap<Long, Second> timeline) {
    /** Records per second between the first and the last emission. */
    double rate() {
      long span = Math.max(1, lastEmittedMs - firstEmittedMs);
      return records * 1000.0 / span;
    }

    /** The q-quantile of the lateness, in ms (q in [0, 1]). */
    long lateness(double q) {
      if (latenessMs.length == 0) {
        return -1;
      }
      int index = (int) Math.min(latenessMs.length - 1, Math.ceil(q * latenessMs.length) - 1);
      return latenessMs[Math.max(0, index)];
    }

    /**
     * Writes the timeline as CSV: {@code second,firings,late_over_100ms,max_lateness_ms}, the
     * second counted from the first scheduled instant.
     */
    void writeTimeline(Path csv) {
      try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(csv))) {
        out.println("second,firings,late_over_100ms,max_lateness_ms");
        long start = timeline.isEmpty() ? 0 : timeline.firstKey();
        timeline.forEach(
            (second, firings) ->
                out.printf(
                    "%d,%d,%d,%d%n",
                    second - start, firings.count, firings.lateOver100Ms, firings.maxLatenessMs));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The firings scheduled within one second. */
  static final class Second {
    private long count;
    private long lateOver100Ms;
    private long maxLatenessMs = Long.MIN_VALUE;

    private void add(long latenessMs) {
      count++;
      if (latenessMs > 100) {
        lateOver100Ms++;
      }
      maxLatenessMs = Math.max(maxLatenessMs, latenessMs);
    }
  }

  private TopicMeter() {}

  /** Reads {@code topic} until {@code expected} records or {@code idle} without any. */
  static Measure read(String bootstrap, String topic, long expected, Duration idle) {
    return read(bootstrap, topic, expected, idle, record -> true);
  }

  /** The same, counting only the records {@code counted} accepts. */
  static Measure read(
      String bootstrap,
      String topic,
      long expected,
      Duration idle,
      Predicate<ConsumerRecord<byte[], byte[]>> counted) {
    return read(
        bootstrap,
        topic,
        expected,
        idle,
        counted,
        topic.endsWith(".triggers") ? record -> header(record, "punctual-invocation-id") : null);
  }

  /**
   * Reads delayed records delivered to {@code topic}, a topic whose records carry the time the
   * broker appended them (LogAppendTime): each one's lateness is its append time less its {@code
   * punctual-scheduled-at}, and its key tells duplicates.
   */
  static Measure readDelivered(
      String bootstrap,
      String topic,
      long expected,
      Duration idle,
      Predicate<ConsumerRecord<byte[], byte[]>> counted) {
    return read(
        bootstrap,
        topic,
        expected,
        idle,
        counted,
        record -> new String(record.key(), StandardCharsets.UTF_8));
  }

  /** Reads, telling records apart by {@code idOf}; null measures the rate alone. */
  private static Measure read(
      String bootstrap,
      String topic,
      long expected,
      Duration idle,
      Predicate<ConsumerRecord<byte[], byte[]>> counted,
      Function<ConsumerRecord<byte[], byte[]>, String> idOf) {
    boolean triggers = idOf != null;
    Set<String> seen = triggers ? new HashSet<>((int) Math.min(expected * 2, 1 << 24)) : Set.of();
    long[] lateness = new long[triggers ? (int) expected : 0];
    long records = 0;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    long duplicates = 0;
    long early = 0;
    SortedMap<Long, Second> timeline = new TreeMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = readCommitted(bootstrap)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long quietSince = System.currentTimeMillis();
      while (records < expected && System.currentTimeMillis() - quietSince < idle.toMillis()) {
        var batch = consumer.poll(Duration.ofMillis(100));
        long now = System.currentTimeMillis();
        if (batch.isEmpty()) {
          continue;
        }
        quietSince = now;
        for (ConsumerRecord<byte[], byte[]> record : batch) {
          if (!counted.test(record)) {
            continue;
          }
          if (triggers) {
            String id = idOf.apply(record);
            if (!seen.add(id)) {
              duplicates++;
              continue;
            }
            long scheduled = Long.parseLong(header(record, "punctual-scheduled-at"));
            long late = record.timestamp() - scheduled;
            timeline.computeIfAbsent(scheduled / 1000, second -> new Second()).add(late);
            if (late < 0) {
              early++;
            }
            if (records < lateness.length) {
              lateness[(int) records] = late;
            }
          }
          first = Math.min(first, record.timestamp());
          last = Math.max(last, record.timestamp());
          records++;
        }
      }
    }
    long[] sorted = Arrays.copyOf(lateness, (int) Math.min(records, lateness.length));
    Arrays.sort(sorted);
    return new Measure(records, first, last, duplicates, early, sorted, timeline);
  }

  /** A consumer of raw records that reads only committed ones, without a group. */
  static KafkaConsumer<byte[], byte[]> readCommitted(String bootstrap) {
    Map<String, Object> config =
        Map.of(
            "bootstrap.servers",
            bootstrap,
            "isolation.level",
            "read_committed",
            "enable.auto.commit",
            false,
            "max.poll.records",
            5_000);
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
  }
}

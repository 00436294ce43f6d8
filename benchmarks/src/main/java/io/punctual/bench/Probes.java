package io.punctual.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * Probe timers across a fault: one-shots {@code p0, p1, ...} due at a steady rate, half with the
 * misfire policy SKIP and half FIRE_ONCE, and what became of each: its first trigger (read
 * read_committed: partition, instant, emission time) or a {@code MISFIRED} status event.
 */
final class Probes {
  /** A probe's trigger. */
  record Firing(String id, int partition, long scheduledMs, long emittedMs) {
    long latenessMs() {
      return emittedMs - scheduledMs;
    }
  }

  /** What became of the probes. */
  record Result(
      long expected, Map<String, Firing> fired, Set<String> misfired, long duplicates, long early) {
    /** The first trigger of each probe that fired. */
    Iterable<Firing> firings() {
      return fired.values();
    }

    /** Probes neither fired nor reported as misfired. */
    long missing() {
      return expected
          - fired.size()
          - misfired.stream().filter(id -> !fired.containsKey(id)).count();
    }

    /** The first trigger emitted at or after {@code t}, or null. */
    Firing firstAfter(Instant t) {
      return fired.values().stream()
          .filter(f -> f.emittedMs() >= t.toEpochMilli())
          .min((a, b) -> Long.compare(a.emittedMs(), b.emittedMs()))
          .orElse(null);
    }

    /**
     * The first trigger emitted at or after {@code t} at most {@code toleranceMs} late, or null.
     */
    Firing firstOnTimeAfter(Instant t, long toleranceMs) {
      return fired.values().stream()
          .filter(f -> f.emittedMs() >= t.toEpochMilli() && f.latenessMs() <= toleranceMs)
          .min((a, b) -> Long.compare(a.emittedMs(), b.emittedMs()))
          .orElse(null);
    }

    /**
     * The longest time from {@code t} to a partition's first trigger emitted after it: how long the
     * slowest partition took to fire again.
     */
    long slowestPartitionAfter(Instant t) {
      Map<Integer, Long> first = new HashMap<>();
      for (Firing f : fired.values()) {
        if (f.emittedMs() >= t.toEpochMilli()) {
          first.merge(f.partition(), f.emittedMs(), Math::min);
        }
      }
      return first.values().stream().mapToLong(ms -> ms - t.toEpochMilli()).max().orElse(-1);
    }

    /** One line of counts. */
    String summary() {
      return String.format(
          "%d probes: %d fired, %d reported MISFIRED, %d missing, %d duplicates, %d early",
          expected, fired.size(), misfired.size(), missing(), duplicates, early);
    }
  }

  private Probes() {}

  /** Loads {@code count} probes due {@code perSecond} a second from {@code start}. */
  static void load(String bootstrap, String prefix, long count, Instant start, int perSecond) {
    long stepNanos = 1_000_000_000L / perSecond;
    Load.produce(
        bootstrap,
        prefix + ".timers",
        count,
        i -> "p" + i,
        i -> Load.oneShot(start.plusNanos(stepNanos * i), i % 2 == 0 ? "FIRE_ONCE" : "SKIP"));
  }

  /**
   * Reads the probes' triggers and MISFIRED events until each of {@code count} probes is accounted
   * for, or nothing arrived for {@code idle}.
   */
  static Result read(String bootstrap, String prefix, long count, Duration idle) {
    Map<String, Firing> fired = new HashMap<>();
    Set<String> misfired = new HashSet<>();
    long duplicates = 0;
    long early = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = TopicMeter.readCommitted(bootstrap)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : List.of(prefix + ".triggers", prefix + ".status")) {
        consumer
            .partitionsFor(topic)
            .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long quietSince = System.nanoTime();
      while (fired.size() + misfired.size() < count
          && System.nanoTime() - quietSince < idle.toNanos()) {
        var batch = consumer.poll(Duration.ofMillis(200));
        for (ConsumerRecord<byte[], byte[]> record : batch) {
          String id = new String(record.key(), StandardCharsets.UTF_8);
          if (!id.startsWith("p")) {
            continue;
          }
          quietSince = System.nanoTime();
          if (record.topic().endsWith(".status")) {
            if (new String(record.value(), StandardCharsets.UTF_8)
                .contains("\"type\":\"MISFIRED\"")) {
              misfired.add(id);
            }
            continue;
          }
          long scheduled = Long.parseLong(header(record, "punctual-scheduled-at"));
          Firing firing = new Firing(id, record.partition(), scheduled, record.timestamp());
          if (fired.putIfAbsent(id, firing) != null) {
            duplicates++;
          } else if (firing.latenessMs() < 0) {
            early++;
          }
        }
      }
    }
    return new Result(count, fired, misfired, duplicates, early);
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? "0" : new String(header.value(), StandardCharsets.UTF_8);
  }
}

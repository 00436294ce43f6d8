package io.punctual.api.internal.deadletters;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.punctual.InvocationHeaders;
import io.punctual.api.internal.Json;
import io.punctual.api.internal.SchedulerBinding;
import io.punctual.api.internal.problems.ApiProblem;
import io.punctual.contract.DeadLetterHeaders;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Reads the newest dead letters back from the end of each partition of the dead-letter topic, with
 * one consumer that requests take in turn (read_committed, no group; a request that waits more than
 * 3 s for it is answered 503). A letter is shown to a caller when {@link
 * DeadLetterHeaders#NAMESPACE} names a namespace it sees; one without it to callers that see every
 * namespace. Only the headers are shown, never the letter's value (a rejected definition may hold
 * secret header values).
 */
@Singleton
public class DeadLetterReader implements AutoCloseable {
  static final int TEXT_LIMIT = 2_000;
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
  private static final int CHUNK = 500;
  private static final Duration BUSY_WAIT = Duration.ofSeconds(3);

  private final SchedulerBinding binding;
  private final ReentrantLock lock = new ReentrantLock();
  private KafkaConsumer<byte[], byte[]> consumer;

  public DeadLetterReader(SchedulerBinding binding) {
    this.binding = binding;
  }

  /**
   * Up to {@code limit} of the newest letters {@code visible} accepts (by their namespace, null for
   * none), newest first, reading back at most {@code maxScan} records per partition: every
   * partition is read at once, a chunk at a time from its end, until it has {@code limit} letters
   * to show or nothing more to read.
   */
  public Page newest(Predicate<String> visible, int limit, int maxScan) {
    try {
      if (!lock.tryLock(BUSY_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw ApiProblem.unavailable("the dead letters are being read for another request");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiProblem.unavailable("interrupted");
    }
    try {
      return read(visible, limit, maxScan);
    } finally {
      lock.unlock();
    }
  }

  private Page read(Predicate<String> visible, int limit, int maxScan) {
    String topic = binding.topics().deadLetters();
    KafkaConsumer<byte[], byte[]> reader = consumer();
    List<Letter> found = new ArrayList<>();
    boolean partial;
    try {
      List<TopicPartition> partitions =
          reader.partitionsFor(topic, READ_TIMEOUT).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      Map<TopicPartition, Long> starts = reader.beginningOffsets(partitions, READ_TIMEOUT);
      Map<TopicPartition, Long> ends = reader.endOffsets(partitions, READ_TIMEOUT);
      Map<TopicPartition, Backward> reads = new HashMap<>();
      for (TopicPartition partition : partitions) {
        long end = ends.get(partition);
        long start = starts.get(partition);
        reads.put(partition, new Backward(start, end, Math.max(start, end - maxScan)));
      }
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (System.nanoTime() < deadline) {
        List<TopicPartition> active =
            partitions.stream().filter(p -> reads.get(p).more(limit)).toList();
        if (active.isEmpty()) {
          break;
        }
        // only partitions with a position are assigned: the consumer resets no offset
        reader.assign(active);
        for (TopicPartition partition : active) {
          reader.seek(partition, reads.get(partition).nextChunk());
        }
        readChunks(reader, active, reads, visible, deadline);
      }
      reads.values().forEach(read -> found.addAll(read.newest(limit)));
      partial = reads.values().stream().anyMatch(read -> read.cut(limit));
    } catch (KafkaException e) {
      throw ApiProblem.unavailable("the dead-letter topic cannot be read now: " + e.getMessage());
    } finally {
      reader.unsubscribe();
    }
    List<ObjectNode> letters =
        found.stream()
            .sorted(
                Comparator.comparingLong(Letter::timestamp)
                    .thenComparingLong(Letter::offset)
                    .reversed())
            .limit(limit)
            .map(Letter::json)
            .toList();
    return new Page(letters, partial);
  }

  /**
   * The letters shown, newest first; {@code partial} when a partition was read back only as far as
   * {@code max-scan} or the time allowed, before it had a page to show or its beginning.
   */
  public record Page(List<ObjectNode> letters, boolean partial) {}

  private static Letter letter(ConsumerRecord<byte[], byte[]> record, String namespace) {
    Headers headers = record.headers();
    return new Letter(
        record.partition(),
        record.offset(),
        record.timestamp(),
        record.key() == null ? null : capped(new String(record.key(), StandardCharsets.UTF_8)),
        namespace,
        capped(text(headers, InvocationHeaders.TIMER_ID)),
        capped(text(headers, InvocationHeaders.INVOCATION_ID)),
        capped(text(headers, DeadLetterHeaders.ERROR)),
        capped(text(headers, DeadLetterHeaders.ERROR_FIELD)),
        capped(text(headers, DeadLetterHeaders.ERROR_CLASS)),
        capped(text(headers, DeadLetterHeaders.ORIGIN_TOPIC)),
        capped(text(headers, DeadLetterHeaders.ORIGIN_PARTITION)),
        capped(text(headers, DeadLetterHeaders.ORIGIN_OFFSET)),
        record.value() == null ? 0 : record.value().length);
  }

  /** Reads the chunk each of {@code active} was sought to, pausing each as it reaches its end. */
  private static void readChunks(
      KafkaConsumer<byte[], byte[]> reader,
      List<TopicPartition> active,
      Map<TopicPartition, Backward> reads,
      Predicate<String> visible,
      long deadline) {
    reader.resume(reader.paused());
    List<TopicPartition> reading = new ArrayList<>(active);
    while (!reading.isEmpty() && System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(100))) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        Backward read = reads.get(partition);
        if (reading.contains(partition) && record.offset() < read.upTo) {
          String namespace = text(record.headers(), DeadLetterHeaders.NAMESPACE);
          if (visible.test(namespace)) {
            read.chunk.add(letter(record, namespace));
          }
        }
      }
      for (TopicPartition partition : List.copyOf(reading)) {
        if (reader.position(partition) >= reads.get(partition).upTo) {
          reads.get(partition).chunkRead();
          reader.pause(List.of(partition));
          reading.remove(partition);
        }
      }
    }
  }

  /** One partition read backwards a chunk at a time: {@code upTo} the end of the next chunk. */
  private static final class Backward {
    private long upTo;
    private final long floor;
    private final long start;
    private long from;
    private final List<Letter> chunk = new ArrayList<>();
    private final List<Letter> letters = new ArrayList<>();

    Backward(long start, long end, long floor) {
      this.start = start;
      this.upTo = end;
      this.floor = floor;
    }

    boolean more(int limit) {
      return upTo > floor && letters.size() < limit;
    }

    long nextChunk() {
      from = Math.max(floor, upTo - CHUNK);
      chunk.clear();
      return from;
    }

    void chunkRead() {
      letters.addAll(0, chunk);
      chunk.clear();
      upTo = from;
    }

    /** Whether reading stopped before a page or the partition's beginning. */
    boolean cut(int limit) {
      return letters.size() < limit && upTo > start;
    }

    List<Letter> newest(int limit) {
      return letters.subList(Math.max(0, letters.size() - limit), letters.size());
    }
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    if (consumer == null) {
      consumer =
          binding.groupLessConsumer(
              "punctual-api-dead-letters-" + binding.config().instanceId(),
              Map.of(
                  ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                  CHUNK,
                  // a chunk ends where the partition ends: a fetch need not wait for more
                  ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                  10));
    }
    return consumer;
  }

  static String text(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static String capped(String text) {
    return text == null || text.length() <= TEXT_LIMIT ? text : text.substring(0, TEXT_LIMIT) + "…";
  }

  @PreDestroy
  @Override
  public void close() {
    lock.lock();
    try {
      closeConsumer();
    } finally {
      lock.unlock();
    }
  }

  private void closeConsumer() {
    if (consumer != null) {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
      consumer = null;
    }
  }

  private record Letter(
      int partition,
      long offset,
      long timestamp,
      String key,
      String namespace,
      String timerId,
      String invocationId,
      String reason,
      String field,
      String errorClass,
      String originTopic,
      String originPartition,
      String originOffset,
      int valueBytes) {
    ObjectNode json() {
      ObjectNode node = Json.object();
      node.put("partition", partition);
      node.put("offset", offset);
      node.put("at", Instant.ofEpochMilli(timestamp).toString());
      node.put("key", key);
      node.put("namespace", namespace);
      node.put("timerId", timerId);
      node.put("invocationId", invocationId);
      node.put("reason", reason);
      node.put("field", field);
      node.put("errorClass", errorClass);
      node.put("originTopic", originTopic);
      node.put("originPartition", originPartition);
      node.put("originOffset", originOffset);
      node.put("valueBytes", valueBytes);
      return node;
    }
  }
}

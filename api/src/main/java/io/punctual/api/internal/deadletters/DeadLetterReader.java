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
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Reads the newest dead letters back from the end of each partition of the dead-letter topic, with
 * one consumer that requests take in turn (read_committed, no group). A letter is shown to a caller
 * when {@link DeadLetterHeaders#NAMESPACE} names a namespace it sees; one without it to callers
 * that see every namespace. Only the headers are shown, never the letter's value (a rejected
 * definition may hold secret header values).
 */
@Singleton
public class DeadLetterReader implements AutoCloseable {
  static final int TEXT_LIMIT = 2_000;
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
  private static final int CHUNK = 500;

  private final SchedulerBinding binding;
  private KafkaConsumer<byte[], byte[]> consumer;

  public DeadLetterReader(SchedulerBinding binding) {
    this.binding = binding;
  }

  /**
   * Up to {@code limit} of the newest letters {@code visible} accepts (by their namespace, null for
   * none), newest first, reading back at most {@code maxScan} records per partition.
   */
  public synchronized List<ObjectNode> newest(Predicate<String> visible, int limit, int maxScan) {
    String topic = binding.topics().deadLetters();
    KafkaConsumer<byte[], byte[]> reader = consumer();
    List<Letter> found = new ArrayList<>();
    try {
      List<PartitionInfo> partitions = reader.partitionsFor(topic, READ_TIMEOUT);
      for (PartitionInfo info : partitions) {
        found.addAll(
            partition(
                reader, new TopicPartition(topic, info.partition()), visible, limit, maxScan));
      }
    } catch (KafkaException e) {
      throw ApiProblem.unavailable("the dead-letter topic cannot be read now: " + e.getMessage());
    } finally {
      reader.unsubscribe();
    }
    return found.stream()
        .sorted(
            Comparator.comparingLong(Letter::timestamp)
                .thenComparingLong(Letter::offset)
                .reversed())
        .limit(limit)
        .map(Letter::json)
        .toList();
  }

  private List<Letter> partition(
      KafkaConsumer<byte[], byte[]> reader,
      TopicPartition partition,
      Predicate<String> visible,
      int limit,
      int maxScan) {
    reader.assign(List.of(partition));
    long start = reader.beginningOffsets(List.of(partition), READ_TIMEOUT).get(partition);
    long end = reader.endOffsets(List.of(partition), READ_TIMEOUT).get(partition);
    List<Letter> letters = new ArrayList<>();
    long upTo = end;
    long floor = Math.max(start, end - maxScan);
    while (upTo > floor && letters.size() < limit) {
      long from = Math.max(floor, upTo - CHUNK);
      List<Letter> chunk = new ArrayList<>();
      reader.seek(partition, from);
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (reader.position(partition) < upTo && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(200))) {
          if (record.offset() < upTo) {
            String namespace = text(record.headers(), DeadLetterHeaders.NAMESPACE);
            if (namespace == null ? visible.test(null) : visible.test(namespace)) {
              chunk.add(new Letter(record, namespace));
            }
          }
        }
      }
      letters.addAll(0, chunk);
      upTo = from;
    }
    return letters.subList(Math.max(0, letters.size() - limit), letters.size());
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    if (consumer == null) {
      Map<String, Object> settings =
          new HashMap<>(
              new StreamsConfig(binding.config().streamsProperties())
                  .getGlobalConsumerConfigs("punctual-api-dead-letters"));
      settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
      settings.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
      settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, CHUNK);
      settings.put(
          ConsumerConfig.CLIENT_ID_CONFIG,
          "punctual-api-dead-letters-" + binding.config().instanceId());
      consumer =
          new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
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
  public synchronized void close() {
    if (consumer != null) {
      consumer.close(Duration.ofSeconds(5));
      consumer = null;
    }
  }

  private record Letter(ConsumerRecord<byte[], byte[]> record, String namespace) {
    long timestamp() {
      return record.timestamp();
    }

    long offset() {
      return record.offset();
    }

    ObjectNode json() {
      Headers headers = record.headers();
      ObjectNode node = Json.object();
      node.put("partition", record.partition());
      node.put("offset", record.offset());
      node.put("at", Instant.ofEpochMilli(record.timestamp()).toString());
      node.put(
          "key",
          record.key() == null ? null : capped(new String(record.key(), StandardCharsets.UTF_8)));
      node.put("namespace", namespace);
      node.put("timerId", capped(text(headers, InvocationHeaders.TIMER_ID)));
      node.put("invocationId", capped(text(headers, InvocationHeaders.INVOCATION_ID)));
      node.put("reason", capped(text(headers, DeadLetterHeaders.ERROR)));
      node.put("field", capped(text(headers, DeadLetterHeaders.ERROR_FIELD)));
      node.put("errorClass", capped(text(headers, DeadLetterHeaders.ERROR_CLASS)));
      node.put("originTopic", capped(text(headers, DeadLetterHeaders.ORIGIN_TOPIC)));
      node.put("originPartition", capped(text(headers, DeadLetterHeaders.ORIGIN_PARTITION)));
      node.put("originOffset", capped(text(headers, DeadLetterHeaders.ORIGIN_OFFSET)));
      node.put("valueBytes", record.value() == null ? 0 : record.value().length);
      return node;
    }
  }
}

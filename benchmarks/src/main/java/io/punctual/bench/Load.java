package io.punctual.bench;

import io.punctual.client.DelayedRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Topics and bulk records for the benchmarks. */
final class Load {
  private Load() {}

  /** Creates a topic ({@code compacted} for Punctual's timers). */
  static void createTopic(String bootstrap, String name, int partitions, boolean compacted)
      throws ExecutionException, InterruptedException {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      NewTopic topic = new NewTopic(name, partitions, (short) 1);
      if (compacted) {
        topic.configs(Map.of("cleanup.policy", "compact"));
      }
      admin.createTopics(List.of(topic)).all().get();
      awaitLeaders(admin, name, partitions);
    }
  }

  /**
   * Waits until every partition has a leader, and a moment more: a producer that writes to a
   * partition whose leader is not yet known everywhere may be refused, and its idempotent retries
   * then fail on their sequence numbers.
   */
  private static void awaitLeaders(Admin admin, String name, int partitions)
      throws ExecutionException, InterruptedException {
    while (leaders(admin, name) < partitions) {
      Thread.sleep(100);
    }
    Thread.sleep(1_000);
  }

  /** Partitions of the topic with a leader; 0 while the new topic is not known to the broker. */
  private static long leaders(Admin admin, String name)
      throws ExecutionException, InterruptedException {
    try {
      return admin
          .describeTopics(List.of(name))
          .allTopicNames()
          .get()
          .get(name)
          .partitions()
          .stream()
          .filter(partition -> partition.leader() != null)
          .count();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return 0;
      }
      throw e;
    }
  }

  /**
   * Produces {@code count} records, key and value of record i given by the functions; fails if any
   * is not written.
   */
  static void produce(
      String bootstrap,
      String topic,
      long count,
      LongFunction<String> key,
      LongFunction<byte[]> value) {
    produceRecords(
        bootstrap,
        topic,
        count,
        i ->
            new ProducerRecord<>(
                topic, key.apply(i).getBytes(StandardCharsets.UTF_8), value.apply(i)));
  }

  /**
   * Produces {@code count} delayed records of 200 B to {@code delayTopic}, for {@code destination},
   * key and instant of record i given by the functions; fails if any is not written.
   */
  static void produceDelayed(
      String bootstrap,
      String delayTopic,
      String destination,
      long count,
      LongFunction<String> key,
      LongFunction<Instant> at) {
    produceRecords(
        bootstrap,
        delayTopic,
        count,
        i -> delayed(delayTopic, destination, key.apply(i), at.apply(i), i));
  }

  /** Produces record i of {@code count} to {@code topic}; fails if any is not written. */
  private static void produceRecords(
      String bootstrap,
      String topic,
      long count,
      LongFunction<ProducerRecord<byte[], byte[]>> record) {
    Map<String, Object> config =
        Map.of(
            "bootstrap.servers", bootstrap, "acks", "all", "linger.ms", 10, "batch.size", 65_536);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      AtomicReference<Exception> failure = new AtomicReference<>();
      for (long i = 0; i < count && failure.get() == null; i++) {
        producer.send(
            record.apply(i),
            (metadata, error) -> {
              if (error != null) {
                failure.compareAndSet(null, error);
              }
            });
      }
      producer.flush();
      if (failure.get() != null) {
        throw new IllegalStateException("loading " + topic + " failed", failure.get());
      }
    }
  }

  /** Delayed record i: 200 B for {@code destination} at {@code at}. */
  static ProducerRecord<byte[], byte[]> delayed(
      String delayTopic, String destination, String key, Instant at, long i) {
    return DelayedRecords.deliverAt(
        new ProducerRecord<>(destination, key.getBytes(StandardCharsets.UTF_8), payload(i)),
        at,
        delayTopic);
  }

  /** Creates a destination of delayed records: its records carry the time they were appended. */
  static void createDestination(String bootstrap, String name, int partitions)
      throws ExecutionException, InterruptedException {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      NewTopic topic = new NewTopic(name, partitions, (short) 1);
      topic.configs(Map.of("message.timestamp.type", "LogAppendTime"));
      admin.createTopics(List.of(topic)).all().get();
      awaitLeaders(admin, name, partitions);
    }
  }

  /**
   * When consumer group {@code group} has committed {@code count} records of {@code topic}: when a
   * scheduler has ingested the timers loaded there.
   */
  static Instant awaitCommitted(String bootstrap, String group, String topic, long count)
      throws ExecutionException, InterruptedException {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      long end = System.nanoTime() + Duration.ofMinutes(60).toNanos();
      while (System.nanoTime() < end) {
        Map<TopicPartition, OffsetAndMetadata> offsets =
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        long committed =
            offsets.entrySet().stream()
                .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset())
                .sum();
        if (committed >= count) {
          return Instant.now();
        }
        Thread.sleep(200);
      }
    }
    throw new IllegalStateException(group + " did not consume " + topic + " in 60 minutes");
  }

  /** Bytes the broker's logs hold for the topics whose names {@code matches} accepts. */
  static long topicBytes(String bootstrap, java.util.function.Predicate<String> matches)
      throws ExecutionException, InterruptedException {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      List<Integer> brokers =
          admin.describeCluster().nodes().get().stream().map(node -> node.id()).toList();
      long bytes = 0;
      for (var dirs : admin.describeLogDirs(brokers).allDescriptions().get().values()) {
        for (var dir : dirs.values()) {
          for (var replica : dir.replicaInfos().entrySet()) {
            if (matches.test(replica.getKey().topic())) {
              bytes += replica.getValue().size();
            }
          }
        }
      }
      return bytes;
    }
  }

  /** A 200-byte value, as in the raw Kafka figures. */
  static byte[] payload(long i) {
    byte[] value = new byte[200];
    value[0] = (byte) i;
    return value;
  }

  /**
   * A one-shot timer at {@code at} whose HTTP target no executor calls: its firing is the trigger
   * it emits.
   */
  static byte[] oneShot(Instant at) {
    return ("{\"schedule\": {\"at\": \""
            + at
            + "\"}, \"target\": {\"http\": {\"url\": \"http://bench.invalid/fire\"}}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** A one-shot timer at {@code at} whose target is an HTTP POST to {@code url}. */
  static byte[] httpOneShot(Instant at, String url) {
    return ("{\"schedule\": {\"at\": \""
            + at
            + "\"}, \"target\": {\"http\": {\"url\": \""
            + url
            + "\", \"method\": \"POST\"}}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A one-shot timer at {@code at} with a misfire policy (FIRE_ONCE, SKIP), whose target no
   * executor calls.
   */
  static byte[] oneShot(Instant at, String misfire) {
    return ("{\"schedule\": {\"at\": \""
            + at
            + "\"}, \"misfire\": \""
            + misfire
            + "\", \"target\": {\"http\": {\"url\": \"http://bench.invalid/fire\"}}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A pending timer that does not fall due for weeks: even {@code i}, a yearly cron on 1 January in
   * one of four zones; odd {@code i}, a one-shot 30 days and {@code i} seconds after {@code now}.
   */
  static byte[] pending(long i, Instant now) {
    if (i % 2 == 1) {
      return oneShot(now.plus(Duration.ofDays(30)).plusSeconds(i));
    }
    String[] zones = {"UTC", "Europe/Paris", "America/New_York", "Asia/Tokyo"};
    return ("{\"schedule\": {\"cron\": \""
            + (i / 2) % 60
            + " "
            + (i / 120) % 24
            + " 1 1 *\", \"timeZone\": \""
            + zones[(int) ((i / 2) % zones.length)]
            + "\"}, \"target\": {\"http\": {\"url\": \"http://bench.invalid/fire\"}}}")
        .getBytes(StandardCharsets.UTF_8);
  }
}

package io.punctual.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.punctual.HttpTarget;
import io.punctual.Invocation;
import io.punctual.KafkaTarget;
import io.punctual.RetryPolicy;
import io.punctual.StatusEvent;
import io.punctual.StatusType;
import io.punctual.contract.DeadLetterHeaders;
import io.punctual.devkit.RecordingHttpTarget;
import io.punctual.devkit.RecordingHttpTarget.Response;
import io.punctual.json.AvroJson;
import io.punctual.serde.PunctualDeserializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.IntUnaryOperator;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Test plumbing around a real broker: topics of one prefix, a producer of invocations onto the
 * triggers topic (JSON), and a collector of everything on the status topic by invocation id.
 */
final class ExecutorHarness implements AutoCloseable {
  static final int PARTITIONS = 3;

  final String bootstrap;
  final String prefix;
  private final KafkaProducer<byte[], byte[]> producer;
  private final Map<String, List<StatusEvent>> status = new ConcurrentHashMap<>();
  private final List<ConsumerRecord<byte[], byte[]>> deadLetters = new CopyOnWriteArrayList<>();
  private final Thread collector;
  private volatile boolean running = true;

  ExecutorHarness(String bootstrap, String prefix) throws Exception {
    this.bootstrap = bootstrap;
    this.prefix = prefix;
    createTopics(prefix + ".triggers", prefix + ".status", prefix + ".dead-letters");
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    props.put("acks", "all");
    props.put("key.serializer", ByteArraySerializer.class.getName());
    props.put("value.serializer", ByteArraySerializer.class.getName());
    producer = new KafkaProducer<>(props);
    collector = new Thread(this::collect, "status-collector-" + prefix);
    collector.setDaemon(true);
    collector.start();
  }

  /** Settings of an executor on this harness's topics, loopback allowed, random HTTP port. */
  Map<String, Object> executorProperties(String group) {
    Map<String, Object> props = new HashMap<>();
    props.put("kafka.bootstrap.servers", bootstrap);
    props.put("punctual.executor.topic-prefix", prefix);
    props.put("punctual.executor.group-id", group);
    props.put("punctual.executor.allow-loopback", true);
    props.put("punctual.executor.shutdown-timeout", "PT10S");
    props.put("micronaut.server.port", -1);
    return props;
  }

  void createTopics(String... names) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      List<NewTopic> topics = new ArrayList<>();
      for (String name : names) {
        topics.add(new NewTopic(name, PARTITIONS, (short) 1));
      }
      admin.createTopics(topics).all().get();
    }
  }

  /** An HTTP invocation of a timer at an instant. */
  static Invocation http(String timerId, Instant at, String url, RetryPolicy retry) {
    return Invocation.newBuilder()
        .setInvocationId(timerId + "@" + at.toEpochMilli())
        .setTimerId(timerId)
        .setScheduledAt(at)
        .setEmittedAt(Instant.now())
        .setTarget(HttpTarget.newBuilder().setUrl(url).setTimeout("PT2S").build())
        .setRetry(retry)
        .build();
  }

  /** A delayed-message invocation. */
  static Invocation kafka(String timerId, Instant at, String topic, String value) {
    return Invocation.newBuilder()
        .setInvocationId(timerId + "@" + at.toEpochMilli())
        .setTimerId(timerId)
        .setScheduledAt(at)
        .setEmittedAt(Instant.now())
        .setTarget(
            KafkaTarget.newBuilder()
                .setTopic(topic)
                .setKey(timerId)
                .setValue(value)
                .setHeaders(Map.of("origin", "test"))
                .build())
        .build();
  }

  static RetryPolicy retry(int attempts, String initial, double multiplier, String max) {
    return RetryPolicy.newBuilder()
        .setMaxAttempts(attempts)
        .setInitialBackoff(initial)
        .setMultiplier(multiplier)
        .setMaxBackoff(max)
        .build();
  }

  /** Answers calls to a path with the status for the call's number (1 for the first). */
  static void answer(RecordingHttpTarget target, String path, IntUnaryOperator statusByCall) {
    target.respond(
        path, call -> new Response(statusByCall.applyAsInt(target.calls(path).size()), "ok"));
  }

  /** Produces an invocation onto the triggers topic, as JSON with the plain headers. */
  RecordMetadata send(Invocation invocation) throws Exception {
    return send(invocation, null);
  }

  /** Produces an invocation onto a partition of the triggers topic (any when null). */
  RecordMetadata send(Invocation invocation, Integer partition) throws Exception {
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(
            prefix + ".triggers",
            partition,
            invocation.getTimerId().getBytes(StandardCharsets.UTF_8),
            AvroJson.toJson(invocation).getBytes(StandardCharsets.UTF_8));
    record.headers().add("punctual-timer-id", bytes(invocation.getTimerId()));
    record.headers().add("punctual-invocation-id", bytes(invocation.getInvocationId()));
    record
        .headers()
        .add("punctual-scheduled-at", bytes("" + invocation.getScheduledAt().toEpochMilli()));
    record.headers().add("punctual-attempt", bytes("" + invocation.getAttempt()));
    return producer.send(record).get();
  }

  /** Produces raw bytes onto a partition of the triggers topic. */
  RecordMetadata sendRaw(byte[] key, byte[] value, int partition) throws Exception {
    return producer.send(new ProducerRecord<>(prefix + ".triggers", partition, key, value)).get();
  }

  /** The text of the executor's Prometheus endpoint. */
  static String prometheus(PunctualExecutor executor) throws Exception {
    return java.net.http.HttpClient.newHttpClient()
        .send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + executor.httpPort() + "/prometheus"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** Produces a cancel control record for an invocation. */
  void cancel(Invocation invocation) throws Exception {
    Invocation cancel = Invocation.newBuilder(invocation).setCancel(true).build();
    send(cancel);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Status events of an invocation, in order. */
  List<StatusEvent> events(String invocationId) {
    return List.copyOf(status.getOrDefault(invocationId, List.of()));
  }

  /** The event types of an invocation, in order. */
  List<StatusType> types(String invocationId) {
    return events(invocationId).stream().map(StatusEvent::getType).collect(Collectors.toList());
  }

  /** Invocation ids seen on the status topic. */
  java.util.Set<String> invocationIds() {
    return status.keySet();
  }

  List<ConsumerRecord<byte[], byte[]>> deadLetters() {
    return List.copyOf(deadLetters);
  }

  /** The dead letter of an invocation, or null. */
  ConsumerRecord<byte[], byte[]> deadLetter(String invocationId) {
    return deadLetters.stream()
        .filter(r -> invocationId.equals(header(r, "punctual-invocation-id")))
        .findFirst()
        .orElse(null);
  }

  /** The last value of a record's header, or null. */
  static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  /** Checks that a dead letter names where its trigger was read, with the shared headers. */
  static void assertOrigin(ConsumerRecord<byte[], byte[]> letter, RecordMetadata trigger) {
    assertEquals(trigger.topic(), header(letter, DeadLetterHeaders.ORIGIN_TOPIC));
    assertEquals(
        Integer.toString(trigger.partition()), header(letter, DeadLetterHeaders.ORIGIN_PARTITION));
    assertEquals(Long.toString(trigger.offset()), header(letter, DeadLetterHeaders.ORIGIN_OFFSET));
    assertNull(header(letter, "punctual-origin"));
  }

  /** Waits until the invocation has a final outcome (or RETRY_SCHEDULED); returns its types. */
  List<StatusType> awaitFinal(String invocationId, Duration timeout) {
    await(
        () -> events(invocationId).stream().anyMatch(e -> isFinal(e.getType())),
        timeout,
        "a final outcome of " + invocationId + ", got " + types(invocationId));
    return types(invocationId);
  }

  static boolean isFinal(StatusType type) {
    return type == StatusType.SUCCEEDED
        || type == StatusType.DEAD_LETTERED
        || type == StatusType.CANCELLED
        || type == StatusType.RETRY_SCHEDULED;
  }

  /** The offset committed by a group on the partition of a record, or -1. */
  long committed(String group, RecordMetadata record) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      OffsetAndMetadata offset =
          offsets.get(new TopicPartition(record.topic(), record.partition()));
      return offset == null ? -1 : offset.offset();
    }
  }

  static void await(BooleanSupplier condition, Duration timeout, String what) {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
  }

  private void collect() {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    props.put("group.id", "collector-" + prefix + "-" + System.nanoTime());
    props.put("auto.offset.reset", "earliest");
    props.put("key.deserializer", ByteArrayDeserializer.class.getName());
    props.put("value.deserializer", ByteArrayDeserializer.class.getName());
    PunctualDeserializer<StatusEvent> reader = new PunctualDeserializer<>(StatusEvent.class);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(prefix + ".status", prefix + ".dead-letters"));
      while (running) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
          if (record.topic().endsWith(".dead-letters")) {
            deadLetters.add(record);
            continue;
          }
          StatusEvent event = reader.deserialize(record.topic(), record.value());
          String id = event.getInvocationId() == null ? "?" : event.getInvocationId();
          status.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(event);
        }
      }
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      collector.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close();
  }
}

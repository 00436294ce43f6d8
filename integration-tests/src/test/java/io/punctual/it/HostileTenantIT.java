package io.punctual.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.Invocation;
import io.punctual.StatusEvent;
import io.punctual.StatusType;
import io.punctual.TimerDefinition;
import io.punctual.api.PunctualApi;
import io.punctual.devkit.EmbeddedKafka;
import io.punctual.devkit.MiniSchemaRegistry;
import io.punctual.devkit.RecordingHttpTarget;
import io.punctual.executor.PunctualExecutor;
import io.punctual.json.AvroJson;
import io.punctual.scheduler.PunctualScheduler;
import io.punctual.scheduler.SchedulerConfig;
import io.punctual.scheduler.TimerQueries;
import io.punctual.scheduler.TimerView;
import io.punctual.serde.ConfluentAvroSerializer;
import io.punctual.serde.PunctualDeserializer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/**
 * No tenant can disturb another. Canary timers of namespace {@code a}, at least one on every
 * partition, fire every 2 s while namespace {@code b} sends hundreds of hostile definitions of
 * every kind the contract knows — through the REST API, and straight onto the timers topic as JSON
 * and as Avro. The canaries keep firing without a gap, no stream thread is replaced, no target
 * writes to Punctual's own topics, the executor commits past every trigger of b, and a's timers and
 * histories stay a's.
 */
class HostileTenantIT {
  private static final String PREFIX = "tenant";
  private static final int PARTITIONS = 6;
  private static final Duration PERIOD = Duration.ofSeconds(2);
  private static final String A_TOKEN = "a-token-secret";
  private static final String B_TOKEN = "b-token-secret";
  private static final String PAYLOAD = "HOSTILE-PAYLOAD";

  /** A topic a definition names that does not exist: the scheduler must not create it. */
  private static final String CREATED_BY_A_TARGET = "b.created-by-a-target";

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void shouldKeepNamespaceAFiringAndUntouchedWhileNamespaceBAttacks() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        MiniSchemaRegistry registry = MiniSchemaRegistry.start(0);
        RecordingHttpTarget target = RecordingHttpTarget.start();
        Stack stack = new Stack(kafka, registry);
        KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(
                Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
      // Given canaries of namespace a on every partition, firing every 2 s
      List<String> canaries = canaryIds();
      for (String id : canaries) {
        assertEquals(202, put(stack.apiPort, A_TOKEN, id, canary(target, id)));
      }
      assertTrue(
          awaitCalls(target, canaries, 2, Duration.ofSeconds(90)), "canaries did not all fire");
      Map<String, TimerDefinition> before = new HashMap<>();
      for (String id : canaries) {
        before.put(id, stack.queries.timer(id).orElseThrow().definition());
      }

      // When namespace b sends hostile definitions of every kind, by REST and on the topic
      Instant attackStart = Instant.now();
      Attack attack = new Attack(stack, producer, registry, target, canaries);
      attack.run();
      Thread.sleep(PERIOD.multipliedBy(6).toMillis());
      Instant attackEnd = Instant.now();

      // Then it was at least 200 definitions of at least 30 kinds, through every entry point
      System.out.printf(
          "hostile records: %d of %d kinds, per channel %s, REST answers %s%n",
          attack.sent, attack.kinds.size(), attack.perChannel, attack.restAnswers);
      assertTrue(attack.sent >= 200, "sent " + attack.sent);
      assertTrue(attack.kinds.size() >= 30, "kinds " + attack.kinds);
      assertTrue(attack.channels.containsAll(Set.of("rest", "json", "avro")), "" + attack.channels);
      // And every canary kept firing with no gap over two periods
      for (String id : canaries) {
        List<Instant> calls = callsOf(target, id);
        Instant previous = null;
        for (Instant call : calls) {
          if (call.isBefore(attackStart.minus(PERIOD)) || call.isAfter(attackEnd)) {
            previous = call;
            continue;
          }
          if (previous != null) {
            Duration gap = Duration.between(previous, call);
            assertTrue(gap.compareTo(PERIOD.multipliedBy(2)) <= 0, id + " had a gap of " + gap);
          }
          previous = call;
        }
        assertTrue(
            previous != null && !previous.isBefore(attackEnd.minus(PERIOD.multipliedBy(2))),
            id + " stopped firing");
      }
      // And no stream thread was replaced
      assertEquals(0, stack.scheduler.threadFailures());
      // And the executor committed past every trigger of b
      Map<TopicPartition, Long> lastOfB = lastTriggersOf(kafka, "b-");
      assertTrue(!lastOfB.isEmpty(), "b's accepted timers fired nothing");
      assertTrue(
          awaitCommittedPast(kafka, lastOfB, Duration.ofSeconds(90)),
          "the executor did not commit past b's triggers " + lastOfB);
      // And no target wrote to Punctual's own topics, or created a topic
      assertEquals(List.of(), recordsHolding(kafka, PAYLOAD));
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
        assertTrue(!admin.listTopics().names().get().contains(CREATED_BY_A_TARGET));
      }
      // And a's timers and histories are a's
      for (String id : canaries) {
        TimerView view = stack.queries.timer(id).orElseThrow();
        assertEquals(before.get(id), view.definition(), id);
        assertEquals(false, view.paused(), id);
        for (StatusEvent event : stack.queries.history(id, 1000)) {
          assertEquals("a", event.getNamespace(), id + ": " + event);
          assertTrue(event.getType() != StatusType.REJECTED, id + ": " + event);
        }
      }
    }
  }

  /** The scheduler with its API, and an executor, on one broker. */
  private static final class Stack implements AutoCloseable {
    final PunctualScheduler scheduler;
    final PunctualApi api;
    final PunctualExecutor executor;
    final TimerQueries queries;
    final SchedulerConfig config;
    final int apiPort;

    Stack(EmbeddedKafka kafka, MiniSchemaRegistry registry) throws Exception {
      apiPort = PunctualApi.port(0);
      Map<String, Object> settings = new HashMap<>();
      settings.put("bootstrap.servers", kafka.bootstrapServers());
      settings.put("application.id", PREFIX + "-scheduler");
      settings.put("application.server", "localhost:" + apiPort);
      settings.put("state.dir", Files.createTempDirectory(PREFIX).toString());
      settings.put(SchedulerConfig.TOPIC_PREFIX_CONFIG, PREFIX);
      settings.put(SchedulerConfig.TOPICS_PARTITIONS_CONFIG, String.valueOf(PARTITIONS));
      settings.put(SchedulerConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url());
      config = new SchedulerConfig(settings);
      scheduler = PunctualScheduler.start(config);
      if (!scheduler.awaitRunning(Duration.ofSeconds(60))) {
        throw new IllegalStateException("scheduler not running");
      }
      Map<String, Object> apiProperties = new HashMap<>();
      apiProperties.put("micronaut.server.port", apiPort);
      apiProperties.put("punctual.api.tokens.a.token", A_TOKEN);
      apiProperties.put("punctual.api.tokens.a.namespaces", List.of("a"));
      apiProperties.put("punctual.api.tokens.b.token", B_TOKEN);
      apiProperties.put("punctual.api.tokens.b.namespaces", List.of("b"));
      apiProperties.put("punctual.api.internal-token", "instances-secret");
      api = PunctualApi.start(scheduler, config, apiProperties);
      Map<String, Object> executorProperties = new HashMap<>();
      executorProperties.put("kafka.bootstrap.servers", kafka.bootstrapServers());
      executorProperties.put("punctual.executor.topic-prefix", PREFIX);
      executorProperties.put("punctual.executor.group-id", PREFIX + "-executor");
      executorProperties.put("punctual.executor.allow-loopback", true);
      executorProperties.put("micronaut.server.port", -1);
      executor = PunctualExecutor.start(executorProperties);
      queries = new TimerQueries(scheduler.streams(), config);
    }

    @Override
    public void close() {
      executor.close();
      api.close();
      scheduler.close();
    }
  }

  /** Namespace b's attack: every hostile kind, through each entry point that takes it. */
  private final class Attack {
    final Stack stack;
    final KafkaProducer<byte[], byte[]> producer;
    final ConfluentAvroSerializer<TimerDefinition> avro = new ConfluentAvroSerializer<>();
    final RecordingHttpTarget target;
    final List<String> canaries;
    final Set<String> kinds = new HashSet<>();
    final Set<String> channels = new HashSet<>();
    final Map<String, Integer> perChannel = new TreeMap<>();
    final Map<Integer, Integer> restAnswers = new TreeMap<>();
    int sent;

    Attack(
        Stack stack,
        KafkaProducer<byte[], byte[]> producer,
        MiniSchemaRegistry registry,
        RecordingHttpTarget target,
        List<String> canaries) {
      this.stack = stack;
      this.producer = producer;
      this.target = target;
      this.canaries = canaries;
      avro.configure(Map.of("schema.registry.url", registry.url()), false);
    }

    void run() throws Exception {
      Map<String, String> definitions = definitions();
      for (int round = 0; round < 2; round++) {
        for (Map.Entry<String, String> kind : definitions.entrySet()) {
          String id = "b-" + kind.getKey().replaceAll("[^A-Za-z0-9]+", "-") + "-" + round;
          send(
              kind.getKey(),
              "rest",
              () ->
                  restAnswers.merge(
                      put(stack.apiPort, B_TOKEN, id + "-rest", kind.getValue()), 1, Integer::sum));
          send(kind.getKey(), "json", () -> produce(id + "-json", utf8(kind.getValue())));
          TimerDefinition decoded = decodeOrNull(kind.getValue());
          if (decoded != null) {
            send(
                kind.getKey(),
                "avro",
                () -> produce(id + "-avro", avro.serialize(PREFIX + ".timers", decoded)));
          }
        }
      }
      topicOnly();
      producer.flush();
    }

    /** Records only a producer can write: not definitions, or not through the API. */
    private void topicOnly() throws Exception {
      String canary = canaries.get(0);
      send(
          "namespace change of a's timer",
          "json",
          () -> produce(canary, utf8(timer("{\"every\": \"PT1S\"}", kafkaTarget("out")))));
      send(
          "record timestamp past 9999",
          "json",
          () ->
              producer.send(
                  new ProducerRecord<>(
                      PREFIX + ".timers",
                      null,
                      Long.MAX_VALUE - 1,
                      utf8("b-far-future"),
                      utf8(timer("{\"after\": \"PT1H\"}", kafkaTarget("out"))))));
      send("Avro declaring a 2 GB string", "avro", () -> produce("b-2gb", declaring2GbString()));
      send(
          "not a status event on the status topic",
          "json",
          () ->
              producer.send(
                  new ProducerRecord<>(PREFIX + ".status", utf8("b-garbage"), utf8("{\"x\": 1}"))));
      send(
          "undecodable bytes on the status topic",
          "json",
          () ->
              producer.send(
                  new ProducerRecord<>(
                      PREFIX + ".status", utf8(canary), new byte[] {0, 0, 0, 0, 9, 1, 2})));
    }

    private void send(String kind, String channel, Action action) throws Exception {
      action.run();
      kinds.add(kind);
      channels.add(channel);
      perChannel.merge(channel, 1, Integer::sum);
      sent++;
    }

    private void produce(String key, byte[] value) {
      producer.send(new ProducerRecord<>(PREFIX + ".timers", utf8(key), value));
    }

    private byte[] declaring2GbString() {
      byte[] framed =
          avro.serialize(
              PREFIX + ".timers", decodeOrNull(timer("{\"after\": \"PT1M\"}", kafkaTarget("out"))));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(framed, 0, 5);
      out.write(2);
      long zigzag = 2L * 2_000_000_000L;
      while ((zigzag & ~0x7FL) != 0) {
        out.write((int) ((zigzag & 0x7F) | 0x80));
        zigzag >>>= 7;
      }
      out.write((int) zigzag);
      out.writeBytes(new byte[16]);
      return out.toByteArray();
    }

    private Map<String, String> definitions() {
      String own = target.url() + "/b";
      Map<String, String> kinds = new TreeMap<>();
      String once = "{\"after\": \"PT1S\"}";
      String every = "{\"every\": \"PT1S\"}";
      kinds.put("kafka into the timers topic", timer(once, kafkaTarget(PREFIX + ".timers")));
      kinds.put("kafka into the commands topic", timer(once, kafkaTarget(PREFIX + ".commands")));
      kinds.put("kafka into the status topic", timer(once, kafkaTarget(PREFIX + ".status")));
      kinds.put("kafka into the triggers topic", timer(once, kafkaTarget(PREFIX + ".triggers")));
      kinds.put("kafka into upper-case own topic", timer(once, kafkaTarget("TENANT.timers")));
      kinds.put(
          "kafka into a changelog",
          timer(once, kafkaTarget(PREFIX + "-scheduler-timers-changelog")));
      kinds.put("kafka into Kafka's offsets", timer(once, kafkaTarget("__consumer_offsets")));
      kinds.put("kafka into the registry's topic", timer(once, kafkaTarget("_schemas")));
      kinds.put("kafka creating a topic", timer(every, kafkaTarget(CREATED_BY_A_TARGET)));
      kinds.put(
          "jitter overflow",
          timer(every, kafkaTarget("out"), "\"jitter\": \"PT2562047788015215H\""));
      kinds.put(
          "after overflow", timer("{\"after\": \"PT2562047788015215H\"}", kafkaTarget("out")));
      kinds.put(
          "every overflow", timer("{\"every\": \"PT9223372036854775807S\"}", kafkaTarget("out")));
      kinds.put("sub-millisecond delay", timer("{\"after\": \"PT0.0005S\"}", kafkaTarget("out")));
      kinds.put("sub-millisecond period", timer("{\"every\": \"PT1.0005S\"}", kafkaTarget("out")));
      kinds.put("sub-second period", timer("{\"every\": \"PT0.1S\"}", kafkaTarget("out")));
      kinds.put("week-long timeout", timer(once, httpTarget(own, "\"timeout\": \"P1W\"")));
      kinds.put(
          "week-long backoff",
          timer(
              once,
              httpTarget("http://169.254.169.254/", ""),
              "\"retry\": {\"maxAttempts\": 3, \"initialBackoff\": \"P1W\"}"));
      kinds.put(
          "longest retry policy",
          timer(
              once,
              httpTarget(own, "\"successCodes\": \"599\""),
              "\"retry\": {\"maxAttempts\": 1000, \"initialBackoff\": \"PT1S\", \"multiplier\":"
                  + " 100.0, \"maxBackoff\": \"P7D\"}"));
      kinds.put("metadata address", timer(once, httpTarget("http://169.254.169.254/latest", "")));
      kinds.put("NAT64", timer(once, httpTarget("http://[64:ff9b::a9fe:a9fe]/", "")));
      kinds.put("6to4", timer(once, httpTarget("http://[2002:a9fe:a9fe::1]/", "")));
      kinds.put(
          "Teredo", timer(once, httpTarget("http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/", "")));
      kinds.put("IPv4-mapped", timer(once, httpTarget("http://[::ffff:a9fe:a9fe]/", "")));
      kinds.put("benchmark range", timer(once, httpTarget("http://198.18.0.1/", "")));
      kinds.put("reserved class E", timer(once, httpTarget("http://240.0.0.1/", "")));
      kinds.put("site-local IPv6", timer(once, httpTarget("http://[fec0::1]/", "")));
      kinds.put("Host header", timer(once, httpTarget(own, headers("Host", "evil.test"))));
      kinds.put(
          "Content-Length header", timer(once, httpTarget(own, headers("Content-Length", "5"))));
      kinds.put(
          "Transfer-Encoding header",
          timer(once, httpTarget(own, headers("Transfer-Encoding", "chunked"))));
      kinds.put(
          "Idempotency-Key header", timer(once, httpTarget(own, headers("Idempotency-Key", "x"))));
      kinds.put(
          "header line break", timer(once, httpTarget(own, headers("X-A", "a\\r\\nHost: evil"))));
      kinds.put(
          "credential in clear",
          timer(once, httpTarget(own, headers("Authorization", "Bearer s3cret"))));
      kinds.put(
          "unknown secret", timer(once, httpTarget(own, headers("X-Api-Key", "${secret:NOPE}"))));
      kinds.put("credentials in the URL", timer(once, httpTarget("http://u:p@127.0.0.1:1/", "")));
      kinds.put("years all past", timer("{\"cron\": \"0 0 0 1 1 ? 2020\"}", kafkaTarget("out")));
      kinds.put("never fires", timer("{\"cron\": \"0 0 30 2 *\"}", kafkaTarget("out")));
      kinds.put("Sun-Tue", timer("{\"cron\": \"0 0 * * Sun-Tue\"}", kafkaTarget("out")));
      kinds.put(
          "huge body", timer(once, httpTarget(own, "\"body\": \"" + "x".repeat(300_000) + "\"")));
      kinds.put("label flood", timer(once, kafkaTarget("out"), "\"labels\": " + labels(65)));
      kinds.put(
          "another namespace's id", timer(every, kafkaTarget("out")).replace("\"b\"", "\"a\""));
      kinds.put(
          "recurring refused target", timer(every, httpTarget("http://169.254.169.254/", "")));
      return kinds;
    }
  }

  @FunctionalInterface
  private interface Action {
    void run() throws Exception;
  }

  private static String timer(String schedule, String target, String... extra) {
    StringBuilder json =
        new StringBuilder("{\"namespace\": \"b\", \"schedule\": " + schedule + ", \"target\": ")
            .append(target);
    for (String field : extra) {
      json.append(", ").append(field);
    }
    return json.append("}").toString();
  }

  private static String kafkaTarget(String topic) {
    return "{\"kafka\": {\"topic\": \""
        + topic
        + "\", \"key\": \"HOSTILE-KEY\", \"value\": \""
        + PAYLOAD
        + "\"}}";
  }

  private static String httpTarget(String url, String fields) {
    return "{\"http\": {\"url\": \"" + url + "\"" + (fields.isEmpty() ? "" : ", " + fields) + "}}";
  }

  private static String headers(String name, String value) {
    return "\"headers\": {\"" + name + "\": \"" + value + "\"}";
  }

  private static String labels(int count) {
    StringBuilder json = new StringBuilder("{");
    for (int i = 0; i < count; i++) {
      json.append(i == 0 ? "" : ", ").append("\"l").append(i).append("\": \"v\"");
    }
    return json.append("}").toString();
  }

  private static String canary(RecordingHttpTarget target, String id) {
    return "{\"namespace\": \"a\", \"schedule\": {\"every\": \"PT2S\"}, \"target\": {\"http\":"
        + " {\"url\": \""
        + target.url()
        + "/canary/"
        + id
        + "\"}}}";
  }

  /**
   * Two canary ids on each partition of the timers topic, as Kafka's default partitioner puts them.
   */
  private static List<String> canaryIds() {
    int[] perPartition = new int[PARTITIONS];
    List<String> ids = new ArrayList<>();
    for (int i = 0; Arrays.stream(perPartition).anyMatch(n -> n < 2); i++) {
      String id = "canary-" + i;
      int partition = Utils.toPositive(Utils.murmur2(utf8(id))) % PARTITIONS;
      if (perPartition[partition] < 2) {
        perPartition[partition]++;
        ids.add(id);
      }
    }
    return ids;
  }

  private int put(int port, String token, String id, String json) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/timers/" + id))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static List<Instant> callsOf(RecordingHttpTarget target, String id) {
    return target.calls().stream()
        .filter(call -> call.path().equals("/canary/" + id))
        .map(RecordingHttpTarget.Call::arrivedAt)
        .sorted()
        .toList();
  }

  private static boolean awaitCalls(
      RecordingHttpTarget target, List<String> ids, int calls, Duration timeout)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (ids.stream().allMatch(id -> callsOf(target, id).size() >= calls)) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  /**
   * The offset of the last trigger, up to now, of each partition whose timer id starts with {@code
   * prefix}.
   */
  private static Map<TopicPartition, Long> lastTriggersOf(EmbeddedKafka kafka, String prefix)
      throws Exception {
    Map<TopicPartition, Long> last = new HashMap<>();
    try (KafkaConsumer<String, Invocation> consumer =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers", kafka.bootstrapServers(), "isolation.level", "read_committed"),
            new org.apache.kafka.common.serialization.StringDeserializer(),
            new PunctualDeserializer<>(Invocation.class))) {
      List<TopicPartition> partitions = partitionsOf(kafka, List.of(PREFIX + ".triggers"));
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline
          && partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        for (ConsumerRecord<String, Invocation> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.key().startsWith(prefix)) {
            last.merge(
                new TopicPartition(record.topic(), record.partition()), record.offset(), Math::max);
          }
        }
      }
    }
    return last;
  }

  private static List<TopicPartition> partitionsOf(EmbeddedKafka kafka, List<String> topics)
      throws Exception {
    List<TopicPartition> partitions = new ArrayList<>();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      admin
          .describeTopics(topics)
          .allTopicNames()
          .get()
          .forEach(
              (topic, description) ->
                  description
                      .partitions()
                      .forEach(p -> partitions.add(new TopicPartition(topic, p.partition()))));
    }
    return partitions;
  }

  private static boolean awaitCommittedPast(
      EmbeddedKafka kafka, Map<TopicPartition, Long> offsets, Duration timeout) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      long end = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < end) {
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin
                .listConsumerGroupOffsets(PREFIX + "-executor")
                .partitionsToOffsetAndMetadata()
                .get();
        boolean past =
            offsets.entrySet().stream()
                .allMatch(
                    e ->
                        committed.get(e.getKey()) != null
                            && committed.get(e.getKey()).offset() > e.getValue());
        if (past) {
          return true;
        }
        Thread.sleep(500);
      }
      return false;
    }
  }

  /**
   * Every record of Punctual's own and internal topics whose value is exactly {@code value}, but
   * the dead letters: a Kafka target's record the scheduler could not write is kept there as it
   * would have been written, by design.
   */
  private static List<String> recordsHolding(EmbeddedKafka kafka, String value) throws Exception {
    byte[] wanted = utf8(value);
    List<String> found = new ArrayList<>();
    List<String> topics = new ArrayList<>();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      for (String topic : admin.listTopics().names().get()) {
        boolean own = topic.startsWith(PREFIX + ".") || topic.startsWith(PREFIX + "-");
        if (own && !topic.equals(PREFIX + ".dead-letters")) {
          topics.add(topic);
        }
      }
    }
    List<TopicPartition> partitions = partitionsOf(kafka, topics);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of("bootstrap.servers", kafka.bootstrapServers()),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline
          && partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.value() != null && Arrays.equals(wanted, record.value())) {
            found.add(record.topic() + "-" + record.partition() + "@" + record.offset());
          }
        }
      }
    }
    return found;
  }

  private static TimerDefinition decodeOrNull(String json) {
    try {
      return AvroJson.fromJson(utf8(json), TimerDefinition.class);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}

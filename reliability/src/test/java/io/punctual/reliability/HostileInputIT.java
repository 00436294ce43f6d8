package io.punctual.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.punctual.Invocation;
import io.punctual.StatusEvent;
import io.punctual.StatusType;
import io.punctual.TimerDefinition;
import io.punctual.contract.DeadLetterHeaders;
import io.punctual.contract.ReservedTopics;
import io.punctual.devkit.MiniSchemaRegistry;
import io.punctual.scheduler.Topics;
import io.punctual.scheduler.internals.intake.TimerValidator;
import io.punctual.scheduler.internals.scheduling.FiringPlans;
import io.punctual.serde.ConfluentAvroSerializer;
import io.punctual.serde.PunctualDeserializer;
import io.punctual.serde.TimerDefinitionDeserializer;
import io.punctual.testkit.JavaProcess;
import io.punctual.testkit.KafkaBroker;
import io.punctual.testkit.PunctualProcesses;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile input: 10,000 malformed records of every kind interleaved with 2,000 valid ones on the
 * timers topic, and 1,200 malformed requests beside 200 valid ones on the REST API, sent to a
 * scheduler in a JVM of its own with a 256 MiB heap. Every valid timer fires; every malformed
 * record has one dead letter naming its error and origin and one {@code REJECTED} event; every
 * malformed request is a 400 problem document and writes nothing; no stream thread fails; the heap
 * left after each collection stays small.
 */
class HostileInputIT {
  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();
  private static final String PREFIX = "hostile";
  private static final Topics TOPICS = new Topics(PREFIX);
  private static final int MALFORMED = 10_000;
  private static final int VALID_EVERY = 5;
  private static final int REQUEST_ROUNDS = 100;
  private static final int VALID_REQUESTS = 200;
  private static final long HEAP_AFTER_GC_LIMIT = 160L << 20;
  private static final Pattern API =
      Pattern.compile("Punctual scheduler ready: API at \\S+?:(\\d+)");
  private static final Pattern AFTER_GC = Pattern.compile("Pause .*?->(\\d+)M\\(");

  private static MiniSchemaRegistry registry;
  private static JavaProcess scheduler;
  private static String api;
  private static Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<String> unsent = java.util.Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void start() throws Exception {
    registry = MiniSchemaRegistry.start(0);
    dir = Files.createDirectories(Path.of("target", "hostile-input", UUID.randomUUID().toString()));
    PunctualProcesses.Scheduler setup =
        new PunctualProcesses.Scheduler(PREFIX, 6, 1, dir.resolve("state"))
            .with("punctual.schema.registry.url", registry.url())
            .with("punctual.instance.id", "hostile-scheduler");
    scheduler =
        PunctualProcesses.scheduler(
            "hostile-scheduler", dir, "256m", false, KAFKA.bootstrapServers(), setup);
    api = "http://127.0.0.1:" + scheduler.await(API, Duration.ofSeconds(10));
  }

  @AfterAll
  static void stop() {
    scheduler.close();
    registry.close();
  }

  @Test
  void shouldRejectEveryMalformedInputWithItsCauseAndFireEveryValidTimer() throws Exception {
    // Given malformed records of every kind, a valid one after every fifth, due in 40 s
    Instant at = Instant.now().plusSeconds(40).truncatedTo(ChronoUnit.MILLIS);
    HostileRecords records =
        new HostileRecords(new Random(6), "http://target.invalid/ok", this::avro, this::judge);
    Map<String, HostileRecords.Hostile> sent = new ConcurrentHashMap<>();
    Set<String> mustFire = ConcurrentHashMap.newKeySet();
    Map<HostileRecords.Kind, Integer> kinds = new EnumMap<>(HostileRecords.Kind.class);
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      for (int n = 0; n < MALFORMED; n++) {
        HostileRecords.Hostile bad = records.malformed(n, at);
        kinds.merge(bad.kind(), 1, Integer::sum);
        send(producer, bad, sent);
        if (n % VALID_EVERY == 0) {
          HostileRecords.Hostile good = records.valid(n / VALID_EVERY, at.plusMillis(n));
          send(producer, good, sent);
          mustFire.add(id(good.key()) + "@" + at.plusMillis(n).toEpochMilli());
        }
      }
      producer.flush();
    }
    assertEquals(
        List.of(), unsent.subList(0, Math.min(5, unsent.size())), unsent.size() + " not sent");
    // And malformed requests of every kind, and valid ones with ids outside the BMP, on the API
    Set<String> refused = new HashSet<>();
    int refusedRequests = 0;
    for (int n = 0; n < REQUEST_ROUNDS; n++) {
      for (String[] request : records.requests(n, at)) {
        refused.add(put(request[1], request[2], 400, request[0]));
        refusedRequests++;
      }
    }
    for (int n = 0; n < VALID_REQUESTS; n++) {
      String id = "api-ok-\uD83D\uDE80-" + n;
      put(
          URLEncoder.encode(id, StandardCharsets.UTF_8),
          records.json(at.plusMillis(n)),
          202,
          "valid");
      mustFire.add(id + "@" + at.plusMillis(n).toEpochMilli());
    }

    // When the scheduler has read them and the valid ones fell due
    Set<String> fired = ConcurrentHashMap.newKeySet();
    var invocations = new PunctualDeserializer<>(Invocation.class);
    readUntil(
        TOPICS.triggers(),
        r -> fired.add(invocations.deserialize(r.topic(), r.value()).getInvocationId()),
        () -> fired.containsAll(mustFire),
        Duration.ofSeconds(120));

    // Then every valid timer fired
    Set<String> notFired = new HashSet<>(mustFire);
    notFired.removeAll(fired);
    assertEquals(Set.of(), notFired);
    // And each malformed record has one dead letter naming its error and origin
    long invalid = sent.values().stream().filter(h -> !h.valid()).count();
    assertTrue(
        invalid >= MALFORMED - kinds.get(HostileRecords.Kind.BIT_FLIPPED_AVRO),
        "invalid " + invalid);
    Map<String, Integer> letters = new ConcurrentHashMap<>();
    Map<HostileRecords.Kind, String> causes = new EnumMap<>(HostileRecords.Kind.class);
    readUntil(
        TOPICS.deadLetters(),
        r -> {
          String origin =
              CommittedReader.header(r, DeadLetterHeaders.ORIGIN_PARTITION)
                  + "@"
                  + CommittedReader.header(r, DeadLetterHeaders.ORIGIN_OFFSET);
          letters.merge(origin, 1, Integer::sum);
          HostileRecords.Hostile source = sent.get(origin);
          String error = CommittedReader.header(r, DeadLetterHeaders.ERROR);
          assertFalse(error.isBlank(), "no error named for " + origin);
          assertEquals(TOPICS.timers(), CommittedReader.header(r, DeadLetterHeaders.ORIGIN_TOPIC));
          if (source != null) {
            causes.putIfAbsent(source.kind(), error);
          }
        },
        () -> letters.size() >= invalid,
        Duration.ofSeconds(60));
    // And each malformed record has one REJECTED event naming its origin
    Map<String, Integer> rejected = new ConcurrentHashMap<>();
    var events = new PunctualDeserializer<>(StatusEvent.class);
    readUntil(
        TOPICS.status(),
        r -> {
          StatusEvent event = events.deserialize(r.topic(), r.value());
          if (event.getType() == StatusType.REJECTED) {
            String origin = event.getOrigin().substring(event.getOrigin().lastIndexOf('-') + 1);
            rejected.merge(origin, 1, Integer::sum);
          }
        },
        () -> rejected.size() >= invalid,
        Duration.ofSeconds(60));
    for (Map.Entry<String, HostileRecords.Hostile> record : sent.entrySet()) {
      int expected = record.getValue().valid() ? 0 : 1;
      String origin = record.getKey();
      assertEquals(
          expected,
          letters.getOrDefault(origin, 0),
          "dead letters of " + origin + " " + record.getValue().kind());
      assertEquals(
          expected,
          rejected.getOrDefault(origin, 0),
          "REJECTED of " + origin + " " + record.getValue().kind());
    }
    causes.forEach((kind, error) -> System.out.printf("HostileInputIT %-22s %s%n", kind, error));
    assertEquals(HostileRecords.Kind.values().length, kinds.size());
    // And nothing any refused request named reached the timers topic
    Set<String> written = ConcurrentHashMap.newKeySet();
    readUntil(
        TOPICS.timers(),
        r -> written.add(r.key() == null ? "" : id(r.key())),
        () -> false,
        Duration.ofSeconds(5));
    Set<String> leaked = new HashSet<>(refused);
    leaked.retainAll(written);
    assertEquals(Set.of(), leaked);
    // And no stream thread failed, the scheduler runs, and its heap stayed small
    String metrics = get("/prometheus");
    assertEquals(0.0, metric(metrics, "punctual_stream_thread_failures_total"));
    assertEquals(2.0, metric(metrics, "punctual_streams_state"));
    assertTrue(scheduler.isAlive());
    long heapAfterGc = heapAfterCollections(dir.resolve("hostile-scheduler-gc.log"));
    System.out.printf(
        "HostileInputIT: %,d malformed records (%,d judged valid), %,d valid, %,d refused requests; heap after GC at most %d MiB%n",
        MALFORMED, MALFORMED - invalid, mustFire.size(), refusedRequests, heapAfterGc >> 20);
    assertTrue(heapAfterGc <= HEAP_AFTER_GC_LIMIT, "heap after GC " + (heapAfterGc >> 20) + " MiB");
  }

  private void send(
      KafkaProducer<byte[], byte[]> producer,
      HostileRecords.Hostile record,
      Map<String, HostileRecords.Hostile> sent) {
    producer.send(
        new ProducerRecord<>(TOPICS.timers(), record.key(), record.value()),
        (metadata, error) -> {
          if (error == null) {
            sent.put(metadata.partition() + "@" + metadata.offset(), record);
          } else {
            unsent.add(record.kind() + ": " + error);
          }
        });
  }

  /** PUTs a timer; returns its path id, after checking the status and, for a 400, the problem. */
  private String put(String id, String body, int status, String what) throws Exception {
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(URI.create(api + "/timers/" + id))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(status, answer.statusCode(), what + ": " + answer.body());
    if (status == 400) {
      assertTrue(
          answer
              .headers()
              .firstValue("Content-Type")
              .orElse("")
              .startsWith("application/problem+json"),
          what);
      JsonNode problem = new ObjectMapper().readTree(answer.body());
      assertFalse(problem.path("detail").asText().isBlank(), what + ": " + answer.body());
    }
    return java.net.URLDecoder.decode(id, StandardCharsets.UTF_8);
  }

  private String get(String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(api + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static double metric(String prometheus, String name) {
    Matcher match = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? (\\S+)$").matcher(prometheus);
    assertTrue(match.find(), name + " is not published");
    return Double.parseDouble(match.group(2));
  }

  /** The most heap left in use after a collection, from the scheduler's GC log. */
  private static long heapAfterCollections(Path gcLog) throws Exception {
    long most = 0;
    for (String line : Files.readAllLines(gcLog)) {
      Matcher match = AFTER_GC.matcher(line);
      if (match.find()) {
        most = Math.max(most, Long.parseLong(match.group(1)) << 20);
      }
    }
    return most;
  }

  private byte[] avro(TimerDefinition definition) {
    try (ConfluentAvroSerializer<TimerDefinition> serializer = new ConfluentAvroSerializer<>()) {
      serializer.configure(Map.of("schema.registry.url", registry.url()), false);
      return serializer.serialize(TOPICS.timers(), definition);
    }
  }

  /**
   * Whether the scheduler must take a record as a valid definition: its key is UTF-8 and a valid
   * id, its value decodes (JSON or Avro through the registry), fits and validates.
   */
  private boolean judge(byte[] key, byte[] value) {
    try (TimerDefinitionDeserializer deserializer = new TimerDefinitionDeserializer()) {
      deserializer.configure(Map.of("schema.registry.url", registry.url()), false);
      String id =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(key))
              .toString();
      if (value.length > 262_144) {
        return false;
      }
      TimerDefinition definition = deserializer.deserialize(TOPICS.timers(), value);
      new TimerValidator(new FiringPlans(), ReservedTopics.of(PREFIX, PREFIX))
          .validate(id, definition, System.currentTimeMillis());
      return true;
    } catch (CharacterCodingException | RuntimeException e) {
      return false;
    }
  }

  private static KafkaProducer<byte[], byte[]> producer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            KAFKA.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
            2_000_000,
            ProducerConfig.LINGER_MS_CONFIG,
            5),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }

  private static void readUntil(
      String topic,
      Consumer<ConsumerRecord<byte[], byte[]>> each,
      BooleanSupplier done,
      Duration timeout) {
    CommittedReader.readUntil(KAFKA.bootstrapServers(), topic, each, done, timeout);
  }

  private static String id(byte[] key) {
    return new String(key, StandardCharsets.UTF_8);
  }
}

package io.punctual.api;

import static io.punctual.api.ApiInstance.ADMIN_TOKEN;
import static io.punctual.api.ApiInstance.BILLING_TOKEN;
import static io.punctual.api.ApiInstance.SEARCH_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.punctual.StatusEvent;
import io.punctual.StatusType;
import io.punctual.contract.DeadLetterHeaders;
import io.punctual.json.AvroJson;
import io.punctual.testkit.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the console reads besides timers: {@code GET /overview} (the hour's activity, timers per
 * namespace, instances and partitions), {@code GET /dead-letters} and the id prefix of {@code GET
 * /timers}, each of the caller's namespaces only.
 */
class OverviewIT {
  private static final String PREFIX = "overview";
  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();
  private static ApiInstance instance;
  private static ApiHttp http;
  private static KafkaProducer<String, String> producer;

  @BeforeAll
  static void start() throws Exception {
    // the counts of timers per namespace are made afresh for each request
    instance =
        ApiInstance.start(
            KAFKA.kafka(), PREFIX, Map.of("punctual.api.overview.counts-max-age", "0s"));
    instance.awaitRunning();
    http = instance.http();
    producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", KAFKA.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer());
  }

  @AfterAll
  static void stop() {
    producer.close();
    instance.close();
  }

  private static void define(String id, String namespace, String cron) {
    ApiHttp.Answer put =
        http.send("PUT", "/timers/" + id, ADMIN_TOKEN, Timers.cron(id, namespace, cron));
    assertTrue(put.status() < 300, put.toString());
  }

  private static void status(String timer, String namespace, StatusType type, long lateness)
      throws Exception {
    StatusEvent event =
        StatusEvent.newBuilder()
            .setType(type)
            .setTimerId(timer)
            .setNamespace(namespace)
            .setInvocationId(timer + "@1")
            .setAttempt(1)
            .setAt(Instant.now())
            .setLatenessMillis(lateness)
            .build();
    producer
        .send(
            new ProducerRecord<>(
                PREFIX + ".status", timer, new String(AvroJson.toJsonBytes(event), UTF8)))
        .get();
  }

  @Test
  void shouldSumTheHoursActivityAndTimersOfTheCallersNamespacesOnly() throws Exception {
    // Given a billing timer firing every second, two yearly ones (one paused), a search timer
    ApiHttp.Answer every =
        http.send(
            "PUT",
            "/timers/ov-bill-every",
            ADMIN_TOKEN,
            "{\"namespace\": \"billing\", \"schedule\": {\"every\": \"PT1S\"},"
                + " \"target\": {\"http\": {\"url\": \"http://target.test/sink\"}}}");
    assertTrue(every.status() < 300, every.toString());
    define("ov-bill-yearly", "billing", Timers.YEARLY);
    define("ov-bill-paused", "billing", Timers.YEARLY);
    define("ov-search", "search", Timers.YEARLY);
    Timers.awaitAnswer(http, "/timers/ov-bill-paused", ADMIN_TOKEN, a -> a.status() == 200);
    assertEquals(
        202, http.send("POST", "/timers/ov-bill-paused/pause", ADMIN_TOKEN, null).status());
    // And outcomes: a billing success 7 ms late and a failure, a search dead letter
    status("ov-bill-yearly", "billing", StatusType.SUCCEEDED, 7);
    status("ov-bill-yearly", "billing", StatusType.FAILED, 3);
    status("ov-search", "search", StatusType.DEAD_LETTERED, 0);

    // When billing reads its overview once the counts are in
    long started = System.nanoTime();
    awaitOverview("failures", o -> o.path("lastHour").path("failures").asLong() == 1);
    awaitOverview("firings", o -> o.path("lastHour").path("firings").asLong() >= 2);
    JsonNode billing =
        awaitOverview(
            "counts",
            o ->
                o.path("namespaces").size() == 1
                    && o.path("namespaces").get(0).path("paused").asLong() == 1);
    System.out.printf("overview complete after %d ms%n", (System.nanoTime() - started) / 1_000_000);

    // Then it has 60 minutes, its own failure and lateness, none of search's dead letter (other
    // tests add billing timers)
    assertEquals(60, billing.path("minutes").size());
    assertFalse(billing.path("activityPartial").asBoolean());
    assertEquals(0, billing.path("lastHour").path("deadLetters").asLong());
    assertEquals(2, billing.path("lastHour").path("latenessSamples").asLong());
    assertEquals(10, billing.path("lastHour").path("latenessP99Millis").asLong());
    // And its timers only: two pending, one paused
    JsonNode counts = billing.path("namespaces").get(0);
    assertEquals("billing", counts.path("namespace").asText());
    assertTrue(counts.path("pending").asLong() >= 2, counts.toString());
    // And the instance with its six partitions
    JsonNode instances = billing.path("instances");
    assertEquals(1, instances.size());
    assertTrue(instances.get(0).path("answered").asBoolean());
    assertEquals(6, instances.get(0).path("partitions").size());

    // And search sees its dead letter and no firing; admin sees both namespaces
    JsonNode search = http.get("/overview", SEARCH_TOKEN).json();
    assertEquals(1, search.path("lastHour").path("deadLetters").asLong());
    assertEquals(0, search.path("lastHour").path("firings").asLong());
    JsonNode admin = http.get("/overview", ADMIN_TOKEN).json();
    List<String> namespaces = new ArrayList<>();
    admin.path("namespaces").forEach(n -> namespaces.add(n.path("namespace").asText()));
    assertTrue(namespaces.containsAll(List.of("billing", "search")), namespaces.toString());
    // And another namespace is refused, and no token is a 401
    assertEquals(403, http.get("/overview?namespace=search", BILLING_TOKEN).status());
    assertEquals(401, http.get("/overview", null).status());
  }

  @Test
  void shouldShowEachDeadLetterWithItsReasonToItsNamespaceOnly() throws Exception {
    // Given a billing definition the scheduler rejects (written past the API), a letter of
    // search, and one naming no namespace
    producer
        .send(
            new ProducerRecord<>(
                PREFIX + ".timers",
                "dl-bad-cron",
                "{\"namespace\": \"billing\", \"schedule\": {\"cron\": \"61 * * * *\"},"
                    + " \"target\": {\"http\": {\"url\": \"http://target.test/x\","
                    + " \"headers\": {\"Authorization\": \"Bearer hidden-secret\"}}}}"))
        .get();
    ProducerRecord<String, String> ofSearch =
        new ProducerRecord<>(PREFIX + ".dead-letters", "dl-search", "{}");
    ofSearch.headers().add(DeadLetterHeaders.NAMESPACE, "search".getBytes(UTF8));
    ofSearch.headers().add(DeadLetterHeaders.ERROR, "search's reason".getBytes(UTF8));
    producer.send(ofSearch).get();
    ProducerRecord<String, String> ofNone =
        new ProducerRecord<>(PREFIX + ".dead-letters", "dl-none", "{}");
    ofNone.headers().add(DeadLetterHeaders.ERROR, "no namespace".getBytes(UTF8));
    producer.send(ofNone).get();

    // When billing lists its dead letters
    JsonNode letters =
        Timers.awaitAnswer(
                http,
                "/dead-letters",
                BILLING_TOKEN,
                a -> a.status() == 200 && a.json().path("deadLetters").size() > 0)
            .json()
            .path("deadLetters");

    // Then it sees its rejection only, with the reason naming the field, never the value
    assertEquals(1, letters.size(), letters.toString());
    JsonNode letter = letters.get(0);
    assertEquals("dl-bad-cron", letter.path("key").asText());
    assertEquals("billing", letter.path("namespace").asText());
    assertEquals("schedule.cron", letter.path("field").asText());
    assertTrue(letter.path("reason").asText().contains("61 * * * *"), letter.toString());
    assertEquals(PREFIX + ".timers", letter.path("originTopic").asText());
    assertFalse(letter.toString().contains("hidden-secret"), letter.toString());
    assertFalse(
        http.get("/dead-letters", BILLING_TOKEN).json().path("partial").asBoolean(),
        "every partition was read to its beginning");
    // And search sees its own; admin all three, newest first
    JsonNode search = http.get("/dead-letters", SEARCH_TOKEN).json().path("deadLetters");
    assertEquals(1, search.size());
    assertEquals("search's reason", search.get(0).path("reason").asText());
    JsonNode admin = http.get("/dead-letters?limit=10", ADMIN_TOKEN).json().path("deadLetters");
    assertEquals(3, admin.size(), admin.toString());
    assertEquals("dl-none", admin.get(0).path("key").asText());
    assertEquals(403, http.get("/dead-letters?namespace=search", BILLING_TOKEN).status());
  }

  @Test
  void shouldListTimersByIdPrefixAcrossPages() {
    // Given timers whose ids share prefixes
    for (String id : List.of("px-a-1", "px-a-2", "px-a-3", "px-b-1")) {
      define(id, "billing", Timers.YEARLY);
    }
    Timers.awaitAnswer(http, "/timers/px-b-1", ADMIN_TOKEN, a -> a.status() == 200);

    // When billing lists prefix px-a- two at a time
    JsonNode first = http.get("/timers?prefix=px-a-&limit=2", BILLING_TOKEN).json();
    JsonNode second =
        http.get("/timers?prefix=px-a-&limit=2&after=" + first.path("next").asText(), BILLING_TOKEN)
            .json();

    // Then the pages hold px-a-1, px-a-2, then px-a-3, and nothing past the prefix
    assertEquals(List.of("px-a-1", "px-a-2"), ids(first));
    assertEquals(List.of("px-a-3"), ids(second));
    assertTrue(second.path("next").isNull());
    // And search sees none of them
    assertEquals(List.of(), ids(http.get("/timers?prefix=px-", SEARCH_TOKEN).json()));
  }

  private static JsonNode awaitOverview(String what, java.util.function.Predicate<JsonNode> done) {
    long started = System.nanoTime();
    JsonNode overview =
        Timers.awaitAnswer(
                http, "/overview", BILLING_TOKEN, a -> a.status() == 200 && done.test(a.json()))
            .json();
    System.out.printf("overview %s after %d ms%n", what, (System.nanoTime() - started) / 1_000_000);
    return overview;
  }

  private static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.path("timers").forEach(t -> ids.add(t.path("id").asText()));
    return ids;
  }
}

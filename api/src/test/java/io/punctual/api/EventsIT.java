package io.punctual.api;

import static io.punctual.api.ApiInstance.ADMIN_TOKEN;
import static io.punctual.api.ApiInstance.BILLING_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.StatusEvent;
import io.punctual.StatusType;
import io.punctual.json.AvroJson;
import io.punctual.testkit.KafkaBroker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /events}: status events as server-sent events, within a second of their record, of the
 * caller's namespaces only; a client that goes releases its stream and its consumer; streams are
 * bounded per token.
 */
class EventsIT {
  private static final String PREFIX = "events";
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();
  private static ApiInstance instance;
  private static KafkaProducer<String, String> producer;

  @BeforeAll
  static void start() throws Exception {
    instance =
        ApiInstance.start(
            KAFKA.kafka(),
            PREFIX,
            Map.of(
                "punctual.api.events.heartbeat",
                "1s",
                "punctual.api.events.max-streams-per-caller",
                2));
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

  @Test
  void shouldStreamEachEventWithinASecondOfItsRecordAndOnlyOfTheCallersNamespaces()
      throws Exception {
    try (Stream billing = Stream.open("/events", BILLING_TOKEN);
        Stream admin = Stream.open("/events?type=SUCCEEDED,REJECTED", ADMIN_TOKEN)) {
      // When events of billing, search and no namespace are written
      List<Long> sentAt = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String namespace = i % 2 == 0 ? "billing" : "search";
        sentAt.add(System.currentTimeMillis());
        write(event("t-" + i, namespace, StatusType.SUCCEEDED));
        Thread.sleep(50);
      }
      write(event("no-namespace", null, StatusType.REJECTED));
      write(event("t-started", "billing", StatusType.STARTED));

      // Then billing's stream has billing's 10 and its STARTED, each within a second
      List<Received> got = billing.take(11, Duration.ofSeconds(10));
      for (int i = 0; i < 10; i++) {
        Received event = got.get(i);
        assertEquals("SUCCEEDED", event.name());
        assertTrue(event.data().contains("\"timerId\":\"t-" + 2 * i + "\""), event.data());
        long late = event.at() - sentAt.get(2 * i);
        assertTrue(late < 1_000, "arrived " + late + " ms after its record");
      }
      assertEquals("STARTED", got.get(10).name());
      // And nothing of search nor without namespace
      assertTrue(billing.take(1, Duration.ofSeconds(2)).isEmpty());
      // And the admin's, filtered by type, has all 20 and the rejected record, not the STARTED
      List<Received> all = admin.take(21, Duration.ofSeconds(10));
      assertEquals("REJECTED", all.get(20).name());
      assertTrue(admin.take(1, Duration.ofSeconds(2)).isEmpty());
    }
  }

  @Test
  void shouldRefuseAnotherNamespaceAndReplaceATokensOldestStreamPastItsLimit() throws Exception {
    HttpResponse<String> forbidden = get("/events?namespace=search", BILLING_TOKEN);
    assertEquals(403, forbidden.statusCode(), forbidden.body());
    // Given billing's two streams, as many as it may have open
    Stream one = Stream.open("/events", BILLING_TOKEN);
    Stream two = Stream.open("/events", BILLING_TOKEN);
    // When it opens a third (a console reloaded), then the third opens and the first ends
    Stream three = Stream.open("/events", BILLING_TOKEN);
    try {
      assertTrue(one.awaitEnd(Duration.ofSeconds(10)), "the oldest stream did not end");
      assertFalse(two.ended());
      assertFalse(three.ended());
    } finally {
      one.close();
      two.close();
      three.close();
    }
  }

  @Test
  void shouldReleaseTheStreamAndItsConsumerWhenTheClientGoes() throws Exception {
    // the streams of the other tests are gone (closed clients are found out within a heartbeat)
    awaitOpenStreams(0);
    Stream stream = Stream.open("/events", ADMIN_TOKEN);
    assertEquals(1, openStreams());
    // when the client goes, a heartbeat (every second here) finds the connection closed
    stream.close();
    awaitOpenStreams(0);
    assertTrue(
        Thread.getAllStackTraces().keySet().stream()
            .noneMatch(t -> t.getName().startsWith("punctual-api-events-ops") && t.isAlive()),
        "the stream's thread is still there");
  }

  private static void awaitOpenStreams(double expected) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (openStreams() != expected && System.nanoTime() < end) {
      Thread.sleep(200);
    }
    assertEquals(expected, openStreams());
  }

  private static double openStreams() {
    HttpResponse<String> metrics = get("/prometheus", null);
    for (String line : metrics.body().split("\n")) {
      if (line.startsWith("punctual_api_event_streams ")) {
        return Double.parseDouble(line.substring(line.indexOf(' ') + 1));
      }
    }
    throw new AssertionError("no punctual_api_event_streams in /prometheus");
  }

  private static void write(StatusEvent event) throws Exception {
    producer
        .send(new ProducerRecord<>(PREFIX + ".status", event.getTimerId(), AvroJson.toJson(event)))
        .get();
  }

  private static StatusEvent event(String timerId, String namespace, StatusType type) {
    return StatusEvent.newBuilder()
        .setType(type)
        .setTimerId(timerId)
        .setNamespace(namespace)
        .setAt(Instant.now())
        .build();
  }

  private static HttpResponse<String> get(String path, String token) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(10));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static String base() {
    return "http://localhost:" + instance.api.port();
  }

  /** An event as the client read it, and when. */
  record Received(String name, String data, long at) {}

  /** A client of the event stream, reading it on a thread of its own. */
  static final class Stream implements AutoCloseable {
    private final InputStream body;
    private final LinkedBlockingQueue<Received> events = new LinkedBlockingQueue<>();
    private final java.util.concurrent.CountDownLatch end =
        new java.util.concurrent.CountDownLatch(1);

    private Stream(InputStream body) {
      this.body = body;
    }

    /** Opens a stream and waits for its {@code ready} event. */
    static Stream open(String path, String token) throws Exception {
      HttpResponse<InputStream> response =
          CLIENT.send(
              HttpRequest.newBuilder(URI.create(base() + path))
                  .header("Authorization", "Bearer " + token)
                  .header("Accept", "text/event-stream")
                  .build(),
              HttpResponse.BodyHandlers.ofInputStream());
      assertEquals(200, response.statusCode());
      Stream stream = new Stream(response.body());
      Thread reader = new Thread(stream::read, "sse-client");
      reader.setDaemon(true);
      reader.start();
      Received first = stream.events.poll(10, TimeUnit.SECONDS);
      assertEquals("ready", first == null ? null : first.name());
      return stream;
    }

    /** Whether the server ended the response. */
    boolean ended() {
      return end.getCount() == 0;
    }

    /** Waits until the server ends the response. */
    boolean awaitEnd(Duration timeout) throws InterruptedException {
      return end.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void read() {
      try (BufferedReader lines =
          new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
        String name = "message";
        StringBuilder data = new StringBuilder();
        String line;
        while ((line = lines.readLine()) != null) {
          if (line.startsWith("event:")) {
            name = line.substring(6).strip();
          } else if (line.startsWith("data:")) {
            data.append(line.substring(5).strip());
          } else if (line.isEmpty() && data.length() > 0) {
            if (!name.equals("heartbeat")) {
              events.add(new Received(name, data.toString(), System.currentTimeMillis()));
            }
            name = "message";
            data.setLength(0);
          }
        }
      } catch (IOException e) {
        // closed
      } finally {
        end.countDown();
      }
    }

    /** Up to {@code count} events, waiting at most {@code timeout} in all. */
    List<Received> take(int count, Duration timeout) throws InterruptedException {
      List<Received> taken = new ArrayList<>();
      long end = System.nanoTime() + timeout.toNanos();
      while (taken.size() < count) {
        Received next = events.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (next == null) {
          break;
        }
        taken.add(next);
      }
      return taken;
    }

    @Override
    public void close() throws IOException {
      body.close();
    }
  }
}

package io.punctual.api;

import static io.punctual.api.ApiInstance.ADMIN_TOKEN;
import static io.punctual.api.ApiInstance.BILLING_TOKEN;
import static io.punctual.api.ApiInstance.INTERNAL_TOKEN;
import static io.punctual.api.ApiInstance.SEARCH_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.punctual.api.internal.query.InternalCredential;
import io.punctual.scheduler.TimerQueries;
import io.punctual.testkit.KafkaBroker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two scheduler instances of one application, each with its API: every read gives the same answer
 * from either instance, for the keys each owns and those the other owns.
 */
class TwoInstancesIT {
  private static final String PREFIX = "api-two";
  private static final int TIMERS = 12;

  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();
  private static ApiInstance first;
  private static ApiInstance second;

  @BeforeAll
  static void start() throws Exception {
    first = ApiInstance.start(KAFKA.kafka(), PREFIX);
    second = ApiInstance.start(KAFKA.kafka(), PREFIX);
    awaitBothRunningWithTasks();
    for (int i = 0; i < TIMERS; i++) {
      String id = "shared-" + i;
      ApiHttp.Answer put =
          first
              .http()
              .send("PUT", "/timers/" + id, ADMIN_TOKEN, Timers.cron(id, "billing", Timers.YEARLY));
      assertEquals(202, put.status(), put.body());
    }
  }

  private static void awaitBothRunningWithTasks() {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!(hasTasks(first.scheduler.streams()) && hasTasks(second.scheduler.streams()))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the two instances did not share the partitions");
      }
      Timers.sleep();
    }
  }

  private static boolean hasTasks(KafkaStreams streams) {
    return streams.state() == KafkaStreams.State.RUNNING
        && streams.metadataForLocalThreads().stream().anyMatch(t -> !t.activeTasks().isEmpty());
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable closeable : new AutoCloseable[] {second, first}) {
      try {
        if (closeable != null) {
          closeable.close();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void shouldAnswerEveryTimerTheSameFromEitherInstance() {
    // Given timers spread over both instances' partitions
    TimerQueries local = new TimerQueries(first.scheduler.streams(), first.config);
    List<String> ownedBySecond = new ArrayList<>();
    for (int i = 0; i < TIMERS; i++) {
      if (local.ownerOf("shared-" + i).isPresent()) {
        ownedBySecond.add("shared-" + i);
      }
    }
    assertTrue(
        !ownedBySecond.isEmpty() && ownedBySecond.size() < TIMERS,
        "both instances own some timers: " + ownedBySecond);

    // When each timer is read from both instances
    for (int i = 0; i < TIMERS; i++) {
      String path = "/timers/shared-" + i;
      JsonNode fromFirst =
          Timers.awaitAnswer(first.http(), path, ADMIN_TOKEN, a -> a.status() == 200).json();
      JsonNode fromSecond =
          Timers.awaitAnswer(second.http(), path, ADMIN_TOKEN, a -> a.status() == 200).json();

      // Then both answer the same
      assertEquals(fromFirst, fromSecond, path);
      assertEquals("shared-" + i, fromFirst.path("id").asText());
    }
  }

  @Test
  void shouldMergeUpcomingAndListingsFromBothInstances() {
    // Given every (yearly) timer is known, so nothing fires while the test reads
    for (int i = 0; i < TIMERS; i++) {
      Timers.awaitAnswer(first.http(), "/timers/shared-" + i, ADMIN_TOKEN, a -> a.status() == 200);
    }
    String until = Instant.now().plus(Duration.ofDays(400)).toString();

    // When upcoming firings and the listing are read from either instance
    String upcoming = "/upcoming?until=" + until + "&limit=500";
    JsonNode upcomingFirst = first.http().get(upcoming, ADMIN_TOKEN).json();
    JsonNode upcomingSecond = second.http().get(upcoming, ADMIN_TOKEN).json();
    JsonNode listFirst =
        first.http().get("/timers?namespace=billing&limit=100", ADMIN_TOKEN).json();
    JsonNode listSecond =
        second.http().get("/timers?namespace=billing&limit=100", ADMIN_TOKEN).json();

    // Then both see every timer's firings, in due order, and the same listing
    assertEquals(idsOf(upcomingFirst), idsOf(upcomingSecond));
    assertTrue(
        idsOf(upcomingFirst).stream().map(s -> s.substring(0, s.indexOf('@'))).distinct().count()
            == TIMERS,
        upcomingFirst.toString());
    assertEquals(TIMERS, listFirst.path("timers").size());
    assertEquals(idsOf(listFirst, "id"), idsOf(listSecond, "id"));
  }

  @Test
  void shouldTriggerOnceThroughTheInstanceThatDoesNotOwnTheTimer() {
    // Given a timer owned by the second instance
    TimerQueries local = new TimerQueries(first.scheduler.streams(), first.config);
    String id = null;
    for (int i = 0; i < TIMERS && id == null; i++) {
      if (local.ownerOf("shared-" + i).isPresent()) {
        id = "shared-" + i;
      }
    }
    assertTrue(id != null, "the second instance owns a timer");
    Timers.awaitAnswer(first.http(), "/timers/" + id, ADMIN_TOKEN, a -> a.status() == 200);

    // When it is triggered through the first
    ApiHttp.Answer trigger =
        first.http().send("POST", "/timers/" + id + "/trigger", ADMIN_TOKEN, null);

    // Then it fires exactly once
    assertEquals(202, trigger.status(), trigger.body());
    String invocationId = trigger.json().path("invocationId").asText();
    long fired =
        TopicReader.readUntil(
                KAFKA.kafka(), PREFIX + ".triggers", read -> false, Duration.ofSeconds(6))
            .stream()
            .filter(r -> invocationId.equals(TopicReader.header(r, "punctual-invocation-id")))
            .count();
    assertEquals(1, fired);
  }

  @Test
  void shouldForwardWithTheInternalCredentialAndNeverTheCallersToken() {
    // Given a timer owned by the second instance
    String id = ownedBySecond();
    Timers.awaitAnswer(first.http(), "/timers/" + id, BILLING_TOKEN, a -> a.status() == 200);
    PeerRequests.clear();

    // When the first instance is asked, with a caller's token, for it, its history, a listing
    // and the upcoming firings
    String until = Instant.now().plus(Duration.ofDays(400)).toString();
    List<ApiHttp.Answer> answers =
        List.of(
            first.http().get("/timers/" + id, BILLING_TOKEN),
            first.http().get("/timers/" + id + "/invocations", BILLING_TOKEN),
            first.http().get("/timers?limit=5", BILLING_TOKEN),
            first.http().get("/upcoming?limit=5&until=" + until, BILLING_TOKEN));

    // Then it called the second on the internal paths with the internal credential only
    answers.forEach(answer -> assertEquals(200, answer.status(), answer.body()));
    List<PeerRequests.Seen> seen = PeerRequests.seen();
    assertTrue(seen.size() >= answers.size(), seen.toString());
    for (PeerRequests.Seen request : seen) {
      assertTrue(request.path().startsWith("/internal/"), request.toString());
      assertEquals(INTERNAL_TOKEN, request.credential(), request.toString());
      assertNull(request.authorization(), request.toString());
    }
  }

  @Test
  void shouldRefuseTheInternalEndpointsWithoutTheInternalCredential() {
    // Given a timer owned by the second instance
    String id = ownedBySecond();
    String path = "/internal/timers/" + id + "?scope-all=true";
    Timers.awaitAnswer(second.http(), "/timers/" + id, ADMIN_TOKEN, a -> a.status() == 200);

    // When its internal endpoint is called bare, with the admin token, with a wrong credential,
    // and with the credential for every namespace, for billing and for search
    ApiHttp.Answer bare = second.http().getWithHeaders(path, Map.of());
    ApiHttp.Answer admin = second.http().get(path, ADMIN_TOKEN);
    ApiHttp.Answer wrong =
        second.http().getWithHeaders(path, Map.of(InternalCredential.HEADER, ADMIN_TOKEN));
    ApiHttp.Answer all =
        second.http().getWithHeaders(path, Map.of(InternalCredential.HEADER, INTERNAL_TOKEN));
    ApiHttp.Answer billing =
        second
            .http()
            .getWithHeaders(
                "/internal/timers/" + id + "?scope=billing",
                Map.of(InternalCredential.HEADER, INTERNAL_TOKEN));
    ApiHttp.Answer search =
        second
            .http()
            .getWithHeaders(
                "/internal/timers/" + id + "?scope=search",
                Map.of(InternalCredential.HEADER, INTERNAL_TOKEN));

    // Then only the credential is let in, and it sees what the named namespaces see
    assertEquals(401, bare.status(), bare.body());
    assertEquals(401, admin.status(), admin.body());
    assertEquals(401, wrong.status(), wrong.body());
    assertEquals(200, all.status(), all.body());
    assertEquals(200, billing.status(), billing.body());
    assertEquals(404, search.status(), search.body());
  }

  @Test
  void shouldAnswerNotFoundFromEitherInstanceForTimersOfAnotherNamespace() {
    // Given billing timers on both instances
    for (int i = 0; i < TIMERS; i++) {
      Timers.awaitAnswer(first.http(), "/timers/shared-" + i, ADMIN_TOKEN, a -> a.status() == 200);
    }

    // When a search token reads each of them through either instance
    for (ApiInstance instance : List.of(first, second)) {
      for (int i = 0; i < TIMERS; i++) {
        ApiHttp.Answer answer = instance.http().get("/timers/shared-" + i, SEARCH_TOKEN);

        // Then the answer is the 404 of an unknown timer, wherever the timer lives
        assertEquals(404, answer.status(), answer.body());
        assertEquals("id", answer.json().path("field").asText());
      }
      assertEquals(
          0, instance.http().get("/timers?limit=100", SEARCH_TOKEN).json().path("timers").size());
    }
  }

  @Test
  void shouldPageThroughTheVisibleTimersOfBothInstancesAPageAtATime() {
    // Given billing timers on both instances
    for (int i = 0; i < TIMERS; i++) {
      Timers.awaitAnswer(first.http(), "/timers/shared-" + i, ADMIN_TOKEN, a -> a.status() == 200);
    }

    // When the billing token lists them five at a time through the second instance
    List<String> ids = new ArrayList<>();
    String after = "";
    int pages = 0;
    do {
      JsonNode page = second.http().get("/timers?limit=5" + after, BILLING_TOKEN).json();
      assertTrue(page.path("timers").size() <= 5, page.toString());
      ids.addAll(idsOf(page, "id"));
      after = page.path("next").isNull() ? null : "&after=" + page.path("next").asText();
      pages++;
    } while (after != null && pages < 10);

    // Then every timer comes once, in id order, on three pages
    assertEquals(TIMERS, ids.size(), ids.toString());
    assertEquals(ids.stream().sorted().distinct().toList(), ids);
    assertEquals(3, pages);
  }

  private static String ownedBySecond() {
    TimerQueries local = new TimerQueries(first.scheduler.streams(), first.config);
    for (int i = 0; i < TIMERS; i++) {
      if (local.ownerOf("shared-" + i).isPresent()) {
        return "shared-" + i;
      }
    }
    throw new AssertionError("the second instance owns no timer");
  }

  private static List<String> idsOf(JsonNode upcoming) {
    List<String> ids = new ArrayList<>();
    upcoming.path("firings").forEach(f -> ids.add(f.path("invocationId").asText()));
    return ids;
  }

  private static List<String> idsOf(JsonNode list, String field) {
    List<String> ids = new ArrayList<>();
    list.path("timers").forEach(t -> ids.add(t.path(field).asText()));
    return ids;
  }
}

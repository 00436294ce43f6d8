package io.punctual.api;

import static io.punctual.api.ApiInstance.ADMIN_TOKEN;
import static io.punctual.api.ApiInstance.BILLING_TOKEN;
import static io.punctual.api.ApiInstance.SEARCH_TOKEN;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.punctual.testkit.KafkaBroker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every endpoint of one instance against a real broker, over real HTTP. */
class TimerApiIT {
  private static final String PREFIX = "api-it";

  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();
  private static ApiInstance instance;
  private static ApiHttp http;

  @BeforeAll
  static void start() throws Exception {
    instance = ApiInstance.start(KAFKA.kafka(), PREFIX);
    instance.awaitRunning();
    http = instance.http();
  }

  @AfterAll
  static void stop() {
    if (instance != null) {
      instance.close();
    }
  }

  private static JsonNode create(String id, String namespace) {
    return create(id, namespace, Timers.YEARLY);
  }

  private static JsonNode create(String id, String namespace, String cron) {
    ApiHttp.Answer put =
        http.send("PUT", "/timers/" + id, ADMIN_TOKEN, Timers.cron(id, namespace, cron));
    assertEquals(202, put.status(), put.body());
    return Timers.awaitAnswer(http, "/timers/" + id, ADMIN_TOKEN, a -> a.status() == 200).json();
  }

  @Test
  void shouldWriteValidTimerAndServeItWithRuntimeState() {
    // Given a valid definition
    String body = Timers.cron("valid-1", "billing", Timers.YEARLY);

    // When it is PUT by a token of its namespace
    ApiHttp.Answer put = http.send("PUT", "/timers/valid-1", BILLING_TOKEN, body);

    // Then it is accepted, written to the timers topic under its id, and served with its state
    assertEquals(202, put.status(), put.body());
    assertEquals("valid-1", put.json().path("id").asText());
    List<ConsumerRecord<String, byte[]>> written =
        TopicReader.readUntil(
            KAFKA.kafka(),
            PREFIX + ".timers",
            records -> records.stream().anyMatch(r -> r.key().equals("valid-1")),
            Duration.ofSeconds(20));
    assertTrue(written.stream().anyMatch(r -> r.key().equals("valid-1")));
    JsonNode timer =
        Timers.awaitAnswer(http, "/timers/valid-1", BILLING_TOKEN, a -> a.status() == 200).json();
    assertEquals("billing", timer.path("namespace").asText());
    assertEquals(Timers.YEARLY, timer.path("definition").path("schedule").path("cron").asText());
    assertFalse(timer.path("paused").asBoolean());
    assertTrue(timer.path("nextInstants").get(0).asText().contains("-01-01T00:00:00Z"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "malformed JSON|bad-1|{\"namespace\": |$",
        "unknown field|bad-2|{\"namespace\":\"billing\",\"colour\":1,\"schedule\":{\"at\":\"2030-01-01T00:00:00Z\"},\"target\":{\"kafka\":{\"topic\":\"t\"}}}|colour",
        "wrong type|bad-3|{\"namespace\":\"billing\",\"paused\":\"yes\",\"schedule\":{\"at\":\"2030-01-01T00:00:00Z\"},\"target\":{\"kafka\":{\"topic\":\"t\"}}}|paused",
        "invalid cron|bad-4|{\"namespace\":\"billing\",\"schedule\":{\"cron\":\"61 * * * *\"},\"target\":{\"kafka\":{\"topic\":\"t\"}}}|schedule.cron",
        "unknown zone|bad-5|{\"namespace\":\"billing\",\"schedule\":{\"cron\":\"0 9 * * *\",\"timeZone\":\"Mars/Olympus\"},\"target\":{\"kafka\":{\"topic\":\"t\"}}}|schedule.timeZone",
        "id mismatch|bad-6|{\"id\":\"other\",\"namespace\":\"billing\",\"schedule\":{\"at\":\"2030-01-01T00:00:00Z\"},\"target\":{\"kafka\":{\"topic\":\"t\"}}}|id"
      })
  void shouldRejectBadDefinitionWithProblemNamingTheField(
      String title, String id, String body, String field) {
    // Given a definition that is wrong in one field
    // When it is PUT
    ApiHttp.Answer put = http.send("PUT", "/timers/" + id, ADMIN_TOKEN, body);

    // Then the answer is a 400 problem document naming the field
    assertEquals(400, put.status(), put.body());
    assertTrue(put.contentType().startsWith("application/problem+json"), put.contentType());
    JsonNode problem = put.json();
    assertEquals(400, problem.path("status").asInt());
    assertTrue(problem.path("type").asText().startsWith("https://"));
    assertFalse(problem.path("title").asText().isEmpty());
    assertFalse(problem.path("detail").asText().isEmpty());
    assertEquals(field, problem.path("field").asText(), problem.toString());
  }

  @Test
  void shouldWriteNothingForRejectedRequests() {
    // Given rejected requests for ids nobody else uses
    for (String id : List.of("rejected-a", "rejected-b")) {
      assertEquals(400, http.send("PUT", "/timers/" + id, ADMIN_TOKEN, "{\"namespace\":").status());
    }
    // When a valid timer is written after them
    assertEquals(
        202,
        http.send(
                "PUT",
                "/timers/sentinel",
                ADMIN_TOKEN,
                Timers.cron("sentinel", "ops", Timers.YEARLY))
            .status());

    // Then the timers topic holds the valid one and nothing of the rejected ones
    List<ConsumerRecord<String, byte[]>> records =
        TopicReader.readUntil(
            KAFKA.kafka(),
            PREFIX + ".timers",
            read -> read.stream().anyMatch(r -> r.key().equals("sentinel")),
            Duration.ofSeconds(20));
    Set<String> keys = records.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
    assertTrue(keys.contains("sentinel"));
    assertFalse(keys.contains("rejected-a") || keys.contains("rejected-b"), keys.toString());
  }

  @Test
  void shouldAnswerNotFoundForUnknownTimerEverywhere() {
    // Given no timer "ghost"
    // When it is read, deleted or commanded
    // Then every answer is a 404 problem naming the id
    for (ApiHttp.Answer answer :
        List.of(
            http.get("/timers/ghost", ADMIN_TOKEN),
            http.get("/timers/ghost/invocations", ADMIN_TOKEN),
            http.send("DELETE", "/timers/ghost", ADMIN_TOKEN, null),
            http.send("POST", "/timers/ghost/trigger", ADMIN_TOKEN, null),
            http.send("POST", "/timers/ghost/pause", ADMIN_TOKEN, null),
            http.send(
                "POST",
                "/timers/ghost/backfill",
                ADMIN_TOKEN,
                "{\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"2026-01-02T00:00:00Z\"}"))) {
      assertEquals(404, answer.status(), answer.body());
      assertEquals("id", answer.json().path("field").asText());
    }
  }

  @Test
  void shouldAnswerRoutingErrorsAsProblems() {
    // Given routes that do not exist or do not take this method
    // When they are called
    ApiHttp.Answer method = http.send("PATCH", "/timers/any", ADMIN_TOKEN, "{}");
    ApiHttp.Answer badBackfill =
        http.send("POST", "/timers/any/backfill", ADMIN_TOKEN, "{\"from\":1}");

    // Then the answers are problem documents too
    assertEquals(405, method.status(), method.body());
    assertTrue(method.contentType().startsWith("application/problem+json"), method.contentType());
    assertEquals(405, method.json().path("status").asInt());
    assertEquals(400, badBackfill.status(), badBackfill.body());
    assertEquals("from", badBackfill.json().path("field").asText());
  }

  @Test
  void shouldDeleteTimerWithTombstone() {
    // Given a timer
    create("to-delete", "billing");

    // When it is deleted
    assertEquals(202, http.send("DELETE", "/timers/to-delete", BILLING_TOKEN, null).status());

    // Then a tombstone is written and the timer disappears
    List<ConsumerRecord<String, byte[]>> records =
        TopicReader.readUntil(
            KAFKA.kafka(),
            PREFIX + ".timers",
            read -> read.stream().anyMatch(r -> r.key().equals("to-delete") && r.value() == null),
            Duration.ofSeconds(20));
    assertTrue(records.stream().anyMatch(r -> r.key().equals("to-delete") && r.value() == null));
    Timers.awaitAnswer(http, "/timers/to-delete", ADMIN_TOKEN, a -> a.status() == 404);
  }

  @Test
  void shouldListByNamespaceAndLabelWithCursor() {
    // Given three timers in namespace "listing" and one elsewhere
    for (String id : List.of("list-a", "list-b", "list-c")) {
      create(id, "listing");
    }
    create("list-other", "search");

    // When the namespace is listed two at a time
    JsonNode first =
        http.get("/timers?namespace=listing&label=team:listing&limit=2", ADMIN_TOKEN).json();
    JsonNode second =
        http.get(
                "/timers?namespace=listing&label=team:listing&limit=2&after="
                    + first.path("next").asText(),
                ADMIN_TOKEN)
            .json();

    // Then the pages hold the three in id order, and the last page has no cursor
    List<String> ids = new ArrayList<>();
    first.path("timers").forEach(t -> ids.add(t.path("id").asText()));
    second.path("timers").forEach(t -> ids.add(t.path("id").asText()));
    assertEquals(List.of("list-a", "list-b", "list-c"), ids);
    assertTrue(second.path("next").isNull());
    assertEquals(
        400, http.get("/timers?label=nocolon", ADMIN_TOKEN).status(), "label needs key:value");
  }

  @Test
  void shouldTriggerOnceWithoutMovingTheSchedule() {
    // Given a yearly timer and its next instants
    JsonNode before = create("trigger-me", "billing");

    // When it is triggered
    ApiHttp.Answer trigger = http.send("POST", "/timers/trigger-me/trigger", BILLING_TOKEN, null);

    // Then the invocation fires exactly once and the next instants stay the same
    assertEquals(202, trigger.status(), trigger.body());
    String invocationId = trigger.json().path("invocationId").asText();
    assertTrue(invocationId.startsWith("trigger-me@manual-"), invocationId);
    List<ConsumerRecord<String, byte[]>> triggers =
        TopicReader.readUntil(
            KAFKA.kafka(), PREFIX + ".triggers", read -> false, Duration.ofSeconds(8));
    long fired =
        triggers.stream()
            .filter(r -> invocationId.equals(TopicReader.header(r, "punctual-invocation-id")))
            .count();
    assertEquals(1, fired);
    JsonNode after = http.get("/timers/trigger-me", BILLING_TOKEN).json();
    assertEquals(before.path("nextInstants"), after.path("nextInstants"));
  }

  @Test
  void shouldBackfillExactlyTheInstantsOfTheRange() {
    // Given a daily timer
    create("daily", "billing", "0 0 * * *");

    // When three past days are backfilled
    ApiHttp.Answer backfill =
        http.send(
            "POST",
            "/timers/daily/backfill",
            BILLING_TOKEN,
            "{\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"2026-01-03T00:00:00Z\"}");

    // Then it answers 3 and exactly those three instants fire
    assertEquals(202, backfill.status(), backfill.body());
    assertEquals(3, backfill.json().path("count").asInt());
    Set<String> expected =
        Set.of("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z").stream()
            .map(i -> "daily@" + Instant.parse(i).toEpochMilli())
            .collect(Collectors.toSet());
    List<ConsumerRecord<String, byte[]>> triggers =
        TopicReader.readUntil(
            KAFKA.kafka(), PREFIX + ".triggers", read -> false, Duration.ofSeconds(8));
    List<String> fired =
        triggers.stream()
            .filter(r -> "daily".equals(r.key()))
            .map(r -> TopicReader.header(r, "punctual-invocation-id"))
            .toList();
    assertEquals(expected, Set.copyOf(fired));
    assertEquals(3, fired.size());
  }

  @Test
  void shouldRefuseBackfillPastTheBoundOrInTheFuture() {
    // Given a timer firing every minute
    create("minutely", "billing", "* * * * *");

    // When a range of more than 1000 instants, or one ending in the future, is backfilled
    ApiHttp.Answer tooMany =
        http.send(
            "POST",
            "/timers/minutely/backfill",
            ADMIN_TOKEN,
            "{\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"2026-01-02T00:00:00Z\"}");
    ApiHttp.Answer future =
        http.send(
            "POST",
            "/timers/minutely/backfill",
            ADMIN_TOKEN,
            "{\"from\":\"2026-01-01T00:00:00Z\",\"to\":\""
                + Instant.now().plusSeconds(3600)
                + "\"}");

    // Then both are 400 problems naming the field
    assertEquals(400, tooMany.status(), tooMany.body());
    assertEquals("from", tooMany.json().path("field").asText());
    assertEquals(400, future.status(), future.body());
    assertEquals("to", future.json().path("field").asText());
  }

  @Test
  void shouldPauseAndResume() {
    // Given a running timer
    create("pausable", "billing");

    // When it is paused, then resumed
    assertEquals(202, http.send("POST", "/timers/pausable/pause", BILLING_TOKEN, null).status());
    Timers.awaitAnswer(
        http, "/timers/pausable", BILLING_TOKEN, a -> a.json().path("paused").asBoolean());
    assertEquals(202, http.send("POST", "/timers/pausable/resume", BILLING_TOKEN, null).status());

    // Then its state shows paused, then running again
    Timers.awaitAnswer(
        http, "/timers/pausable", BILLING_TOKEN, a -> !a.json().path("paused").asBoolean());
  }

  @Test
  void shouldServeInvocationHistory() {
    // Given a timer that was triggered
    create("with-history", "billing");
    assertEquals(
        202, http.send("POST", "/timers/with-history/trigger", ADMIN_TOKEN, null).status());

    // When its invocations are read
    ApiHttp.Answer answer = http.get("/timers/with-history/invocations?limit=5", BILLING_TOKEN);

    // Then it answers a list for that timer
    assertEquals(200, answer.status(), answer.body());
    assertEquals("with-history", answer.json().path("id").asText());
    assertTrue(answer.json().path("invocations").isArray());
    assertEquals(400, http.get("/timers/with-history/invocations?limit=0", ADMIN_TOKEN).status());
  }

  @Test
  void shouldServeUpcomingFiringsInDueOrder() {
    // Given a timer firing every minute
    create("upcoming-1", "search", "* * * * *");

    // When the firings of the next two hours are asked for
    JsonNode upcoming =
        Timers.awaitAnswer(
                http,
                "/upcoming?until=" + Instant.now().plus(Duration.ofHours(2)) + "&limit=50",
                SEARCH_TOKEN,
                a -> a.json().path("firings").size() > 0)
            .json();

    // Then they are in due order and only of the token's namespace
    Instant previous = Instant.MIN;
    for (JsonNode firing : upcoming.path("firings")) {
      Instant due = Instant.parse(firing.path("dueAt").asText());
      assertFalse(due.isBefore(previous));
      previous = due;
      assertEquals("search", firing.path("namespace").asText());
    }
  }

  @Test
  void shouldPreviewSchedulesWithoutKafka() {
    // Given a cron at a time that does not exist in New York on 2026-03-08
    // When it is previewed
    JsonNode cron =
        http.get(
                "/schedules/preview?cron=30%202%20*%20*%20*&timeZone=America/New_York"
                    + "&from=2026-03-07T12:00:00Z&count=2",
                SEARCH_TOKEN)
            .json();
    JsonNode every =
        http.get(
                "/schedules/preview?every=PT15M&startAt=2026-01-01T00:00:00Z"
                    + "&from=2026-01-01T00:10:00Z&count=2",
                SEARCH_TOKEN)
            .json();
    ApiHttp.Answer badZone =
        http.get("/schedules/preview?cron=0%209%20*%20*%20*&timeZone=Nowhere/City", SEARCH_TOKEN);

    // Then the gap fires at its end, the period keeps its anchor, and a bad zone is named
    assertEquals("2026-03-08T07:00:00Z", cron.path("instants").get(0).asText());
    assertEquals("2026-03-09T06:30:00Z", cron.path("instants").get(1).asText());
    assertEquals("2026-01-01T00:15:00Z", every.path("instants").get(0).asText());
    assertEquals(400, badZone.status());
    assertEquals("timeZone", badZone.json().path("field").asText());
  }

  @Test
  void shouldRequireTokenAndRestrictNamespaces() {
    // Given a timer of namespace billing
    create("secured", "billing");

    // When it is read without a token, with a bad one, and as admin, and another namespace's
    // token lists or writes in billing
    ApiHttp.Answer none = http.get("/timers/secured", null);
    ApiHttp.Answer bad = http.get("/timers/secured", "not-a-token");
    ApiHttp.Answer admin = http.get("/timers/secured", ADMIN_TOKEN);
    ApiHttp.Answer foreignWrite =
        http.send(
            "PUT",
            "/timers/secured-too",
            SEARCH_TOKEN,
            Timers.cron("secured-too", "billing", Timers.YEARLY));
    JsonNode searchList = http.get("/timers?limit=1000", SEARCH_TOKEN).json();

    // Then 401, 401, 200; a namespace the token may not use is a 403 about its own request
    assertEquals(401, none.status());
    assertEquals(401, bad.status());
    assertEquals(200, admin.status());
    assertEquals(403, foreignWrite.status(), foreignWrite.body());
    assertEquals("namespace", foreignWrite.json().path("field").asText());
    assertEquals(403, http.get("/timers?namespace=billing", SEARCH_TOKEN).status());
    searchList
        .path("timers")
        .forEach(t -> assertEquals("search", t.path("namespace").asText(), t.toString()));
  }

  @Test
  void shouldAnswerNotFoundForTimersOfNamespacesTheTokenCannotSee() {
    // Given a timer of namespace billing
    create("hidden", "billing");

    // When a token of namespace search reads, deletes, overwrites or commands it
    List<ApiHttp.Answer> answers =
        List.of(
            http.get("/timers/hidden", SEARCH_TOKEN),
            http.get("/timers/hidden/invocations", SEARCH_TOKEN),
            http.send("DELETE", "/timers/hidden", SEARCH_TOKEN, null),
            http.send(
                "PUT",
                "/timers/hidden",
                SEARCH_TOKEN,
                Timers.cron("hidden", "search", "0 0 * * *")),
            http.send("POST", "/timers/hidden/trigger", SEARCH_TOKEN, null),
            http.send("POST", "/timers/hidden/pause", SEARCH_TOKEN, null),
            http.send("POST", "/timers/hidden/resume", SEARCH_TOKEN, null),
            http.send(
                "POST",
                "/timers/hidden/backfill",
                SEARCH_TOKEN,
                "{\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"2026-01-02T00:00:00Z\"}"));

    // Then every answer is the 404 of an id that does not exist, and the timer is untouched
    ApiHttp.Answer ghost = http.get("/timers/no-such-timer", SEARCH_TOKEN);
    for (ApiHttp.Answer answer : answers) {
      assertEquals(404, answer.status(), answer.body());
      assertEquals(ghost.json().path("type"), answer.json().path("type"), answer.body());
      assertEquals("id", answer.json().path("field").asText(), answer.body());
    }
    JsonNode timer = http.get("/timers/hidden", BILLING_TOKEN).json();
    assertEquals("billing", timer.path("namespace").asText());
    assertEquals(Timers.YEARLY, timer.path("definition").path("schedule").path("cron").asText());
    assertFalse(timer.path("paused").asBoolean());
  }

  @Test
  void shouldRefuseToMoveATimerToAnotherNamespaceEvenForTheAdminToken() {
    // Given a timer of namespace billing
    create("settled", "billing");

    // When the admin token redefines it in namespace search
    ApiHttp.Answer move =
        http.send(
            "PUT", "/timers/settled", ADMIN_TOKEN, Timers.cron("settled", "search", "0 0 * * *"));
    ApiHttp.Answer stay =
        http.send(
            "PUT",
            "/timers/settled",
            ADMIN_TOKEN,
            Timers.cron("settled", "billing", Timers.YEARLY));

    // Then the move is a 409 problem naming the namespace, and nothing of it is written
    assertEquals(409, move.status(), move.body());
    assertTrue(move.contentType().startsWith("application/problem+json"), move.contentType());
    assertEquals("namespace", move.json().path("field").asText());
    assertEquals(202, stay.status(), stay.body());
    List<ConsumerRecord<String, byte[]>> written =
        TopicReader.readUntil(
            KAFKA.kafka(),
            PREFIX + ".timers",
            read -> read.stream().filter(r -> r.key().equals("settled")).count() >= 2,
            Duration.ofSeconds(20));
    written.stream()
        .filter(r -> r.key().equals("settled"))
        .forEach(r -> assertTrue(new String(r.value(), UTF_8).contains("billing")));
  }

  @Test
  void shouldRedactCredentialHeadersInEveryAnswerShowingADefinition() {
    // Given a timer whose target sends credentials, a secret reference and a plain header
    String body =
        """
        {"namespace": "billing", "schedule": {"cron": "%s"}, "labels": {"case": "redacted"},
         "target": {"http": {"url": "https://example.com/hook", "headers": {
           "Authorization": "Bearer live-credential-1",
           "X-Api-Key": "live-credential-2",
           "X-Session-Token": "${secret:SESSION}",
           "X-Request-Source": "punctual"}}}}"""
            .formatted(Timers.YEARLY);
    assertEquals(202, http.send("PUT", "/timers/with-secrets", BILLING_TOKEN, body).status());

    // When it is read, and listed
    ApiHttp.Answer one =
        Timers.awaitAnswer(http, "/timers/with-secrets", BILLING_TOKEN, a -> a.status() == 200);
    ApiHttp.Answer list = http.get("/timers?label=case:redacted", BILLING_TOKEN);

    // Then the credentials are redacted, the reference and the plain header shown as they are
    for (JsonNode timer : List.of(one.json(), list.json().path("timers").get(0))) {
      JsonNode headers = timer.path("definition").path("target").path("http").path("headers");
      assertEquals("<redacted>", headers.path("Authorization").asText(), timer.toString());
      assertEquals("<redacted>", headers.path("X-Api-Key").asText());
      assertEquals("${secret:SESSION}", headers.path("X-Session-Token").asText());
      assertEquals("punctual", headers.path("X-Request-Source").asText());
    }
    assertFalse(one.body().contains("live-credential"), one.body());
    assertFalse(list.body().contains("live-credential"), list.body());

    // And the definition as read cannot be written back: the marker would replace the secret
    ApiHttp.Answer again =
        http.send(
            "PUT", "/timers/with-secrets", BILLING_TOKEN, one.json().path("definition").toString());
    assertEquals(400, again.status(), again.body());
    assertTrue(
        again.json().path("field").asText().startsWith("target.http.headers."), again.body());
  }

  @Test
  void shouldAnswerUnavailableAndWriteNothingWhileTheOwnerOfATimerIsNotKnown() throws Exception {
    // Given an instance holding a timer of namespace billing, whose Kafka Streams then stops
    try (ApiInstance stopped = ApiInstance.start(KAFKA.kafka(), "api-stopped")) {
      stopped.awaitRunning();
      ApiHttp api = stopped.http();
      String definition = Timers.cron("kept", "billing", Timers.YEARLY);
      assertEquals(202, api.send("PUT", "/timers/kept", BILLING_TOKEN, definition).status());
      Timers.awaitAnswer(api, "/timers/kept", BILLING_TOKEN, a -> a.status() == 200);
      stopped.scheduler.streams().close(Duration.ofSeconds(30));

      // When it is taken over, moved, deleted, commanded or read
      String moved = Timers.cron("kept", "search", Timers.YEARLY);
      List<ApiHttp.Answer> answers =
          List.of(
              api.send("PUT", "/timers/kept", SEARCH_TOKEN, moved),
              api.send("PUT", "/timers/kept", ADMIN_TOKEN, moved),
              api.send("DELETE", "/timers/kept", BILLING_TOKEN, null),
              api.send("POST", "/timers/kept/trigger", BILLING_TOKEN, null),
              api.send("POST", "/timers/kept/pause", BILLING_TOKEN, null),
              api.get("/timers/kept", BILLING_TOKEN));

      // Then each is a 503 problem to retry later, and nothing was written after the definition
      for (ApiHttp.Answer answer : answers) {
        assertEquals(503, answer.status(), answer.body());
        assertTrue(answer.contentType().startsWith("application/problem+json"), answer.body());
        assertEquals(503, answer.json().path("status").asInt());
        assertTrue(answer.headers().firstValue("Retry-After").isPresent(), answer.toString());
      }
      long written =
          TopicReader.readUntil(
                  KAFKA.kafka(), "api-stopped.timers", read -> false, Duration.ofSeconds(5))
              .stream()
              .filter(r -> r.key().equals("kept"))
              .count();
      assertEquals(1, written);
      assertTrue(
          TopicReader.readUntil(
                  KAFKA.kafka(), "api-stopped.commands", read -> false, Duration.ofSeconds(2))
              .isEmpty());
    }
  }

  @Test
  void shouldServeWithoutTokenOnlyWhenAuthIsExplicitlyOff() throws Exception {
    // Given a second API on the same scheduler with auth off, and one with auth on but no token
    Map<String, Object> open =
        Map.of("micronaut.server.port", ApiInstance.freePort(), "punctual.api.auth.enabled", false);
    Map<String, Object> noTokens = Map.of("micronaut.server.port", ApiInstance.freePort());
    create("open-timer", "billing");

    // When the first is called without a token, and the second is started
    try (PunctualApi dev = PunctualApi.start(instance.scheduler, instance.config, open)) {
      ApiHttp.Answer answer =
          new ApiHttp("http://localhost:" + dev.port()).get("/timers/open-timer", null);

      // Then the open one answers, and the other refuses to start, naming the key
      assertEquals(200, answer.status(), answer.body());
    }
    ApiException refused =
        assertThrows(
            ApiException.class,
            () -> PunctualApi.start(instance.scheduler, instance.config, noTokens).close());
    assertTrue(refused.getMessage().contains("punctual.api.tokens"), refused.getMessage());
  }

  @Test
  void shouldPublishTheSchedulersFiringsLatenessAndBacklogOnce() throws InterruptedException {
    // Given a timer, and the firings counted so far
    create("metered", "billing");
    double before = scrape("punctual_firings_total");

    // When it is triggered
    assertEquals(202, http.send("POST", "/timers/metered/trigger", ADMIN_TOKEN, null).status());

    // Then the scheduler's counter grows by exactly one (not once per registry), and the lateness
    // histogram and the due backlog of each partition are published
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (scrape("punctual_firings_total") < before + 1 && System.nanoTime() < end) {
      Thread.sleep(200);
    }
    Thread.sleep(1_000);
    assertEquals(before + 1, scrape("punctual_firings_total"));
    String metrics = http.get("/prometheus", null).body();
    assertTrue(metrics.contains("punctual_firing_lateness_seconds_bucket{le="), "histogram");
    assertTrue(metrics.contains("punctual_due_backlog{partition=\"0\"}"), metrics);
    assertTrue(metrics.contains("punctual_due_lag_seconds{partition=\"5\"}"), metrics);
  }

  /** The value of an untagged metric on /prometheus. */
  private static double scrape(String name) {
    return http.get("/prometheus", null)
        .body()
        .lines()
        .filter(line -> line.startsWith(name + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(name.length() + 1)))
        .findFirst()
        .orElse(0);
  }

  @Test
  void shouldServeHealthMetricsAndOpenApi() {
    // Given a running instance
    // When health, metrics and the OpenAPI document are fetched without a token
    ApiHttp.Answer readiness = http.get("/health/readiness", null);
    ApiHttp.Answer liveness = http.get("/health/liveness", null);
    ApiHttp.Answer metrics = http.get("/prometheus", null);
    ApiHttp.Answer openApi = http.get("/swagger/punctual-api-0.1.yml", null);

    // Then readiness is UP with the Streams state, metrics and the routes are there
    assertEquals(200, readiness.status(), readiness.body());
    assertTrue(readiness.body().contains("RUNNING"), readiness.body());
    assertEquals(200, liveness.status());
    assertEquals(200, metrics.status());
    assertTrue(metrics.body().contains("punctual_streams_state"), "state gauge");
    assertTrue(metrics.body().contains("http_server_requests"), "request metrics");
    assertTrue(metrics.body().contains("punctual_timers_local"), "pending timers");
    assertTrue(metrics.body().contains("punctual_due_pending"), "firings in the due index");
    assertEquals(200, openApi.status());
    assertTrue(openApi.body().contains("/timers/{id}/backfill"), openApi.body());
  }
}

package io.punctual.executor;

import static io.punctual.StatusType.CANCELLED;
import static io.punctual.StatusType.DEAD_LETTERED;
import static io.punctual.StatusType.FAILED;
import static io.punctual.StatusType.RETRY_SCHEDULED;
import static io.punctual.StatusType.STARTED;
import static io.punctual.StatusType.SUCCEEDED;
import static io.punctual.StatusType.TIMED_OUT;
import static io.punctual.executor.ExecutorHarness.header;
import static io.punctual.executor.ExecutorHarness.http;
import static io.punctual.executor.ExecutorHarness.retry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.HttpTarget;
import io.punctual.Invocation;
import io.punctual.StatusEvent;
import io.punctual.StatusType;
import io.punctual.contract.DeadLetterHeaders;
import io.punctual.devkit.RecordingHttpTarget;
import io.punctual.devkit.RecordingHttpTarget.Response;
import io.punctual.testkit.KafkaBroker;
import java.net.ServerSocket;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** HTTP targets end to end: a real broker, a real executor, a real HTTP server. */
class HttpOutcomesIT {
  private static final String GROUP = "http-outcomes";
  private static final Duration WAIT = Duration.ofSeconds(30);

  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();
  private static ExecutorHarness harness;
  private static RecordingHttpTarget target;
  private static PunctualExecutor executor;

  @BeforeAll
  static void start() throws Exception {
    harness = new ExecutorHarness(KAFKA.bootstrapServers(), "http");
    target = RecordingHttpTarget.start();
    Map<String, Object> props = harness.executorProperties(GROUP);
    props.put("punctual.executor.local-retry-threshold", "PT5S");
    executor = PunctualExecutor.start(props);
  }

  @AfterAll
  static void stop() throws Exception {
    executor.close();
    target.close();
    harness.close();
  }

  @Test
  void shouldSucceedOnFirstAttemptWithPunctualHeaders() throws Exception {
    // Given a target answering 200
    Invocation invocation = http("ok", Instant.now(), target.url("/ok"), null);

    // When the invocation is triggered
    harness.send(invocation);

    // Then STARTED and SUCCEEDED are published for attempt 1, and the call carries the headers
    assertEquals(
        List.of(STARTED, SUCCEEDED), harness.awaitFinal(invocation.getInvocationId(), WAIT));
    StatusEvent succeeded = harness.events(invocation.getInvocationId()).get(1);
    assertEquals(200, succeeded.getHttpStatus());
    assertEquals(1, succeeded.getAttempt());
    assertEquals("ok", succeeded.getResponseExcerpt());
    assertEquals(executor.instanceId(), succeeded.getInstance());
    assertNotNull(harness.events(invocation.getInvocationId()).get(0).getLatenessMillis());
    RecordingHttpTarget.Call call = target.calls("/ok").get(0);
    assertEquals(invocation.getInvocationId(), call.header("Idempotency-Key"));
    assertEquals("ok", call.header("Punctual-Timer-Id"));
    assertEquals(
        Long.toString(invocation.getScheduledAt().toEpochMilli()),
        call.header("Punctual-Scheduled-At"));
    assertEquals("1", call.header("Punctual-Attempt"));
    assertTrue(call.header("traceparent").matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01"));
  }

  @Test
  void shouldKeepAnExcerptOfAHugeBodyAndTakeItsStatus() throws Exception {
    // Given targets answering 200 and 503 with bodies of 64 MiB, more than any call may hold
    target.respond("/huge", call -> Response.ofSize(200, 64L << 20));
    target.respond("/huge-503", call -> Response.ofSize(503, 64L << 20));
    Invocation huge = http("huge", Instant.now(), target.url("/huge"), null);
    Invocation huge503 =
        http("huge-503", Instant.now(), target.url("/huge-503"), retry(1, "PT1S", 1.0, "PT1S"));

    // When they are triggered
    harness.send(huge);
    harness.send(huge503);

    // Then each outcome is its status, with the first 1,024 bytes of the body as excerpt
    assertEquals(List.of(STARTED, SUCCEEDED), harness.awaitFinal(huge.getInvocationId(), WAIT));
    StatusEvent succeeded = harness.events(huge.getInvocationId()).get(1);
    assertEquals(200, succeeded.getHttpStatus());
    assertEquals("x".repeat(1024) + "…", succeeded.getResponseExcerpt());
    List<StatusType> failed = harness.awaitFinal(huge503.getInvocationId(), WAIT);
    assertEquals(DEAD_LETTERED, failed.get(failed.size() - 1), failed.toString());
    StatusEvent refused = harness.events(huge503.getInvocationId()).get(1);
    assertEquals(503, refused.getHttpStatus());
    assertEquals("x".repeat(1024) + "…", refused.getResponseExcerpt());
  }

  @Test
  void shouldPerformATriggerDeliveredAgainOnlyOnce() throws Exception {
    // Given a trigger delivered, performed, then delivered again (as after a commit lost to a
    // rebalance or a broker restart), and one delivered twice while its first delivery is held
    Invocation done = http("again", Instant.now(), target.url("/again"), null);
    harness.send(done);
    assertEquals(List.of(STARTED, SUCCEEDED), harness.awaitFinal(done.getInvocationId(), WAIT));
    Invocation held =
        http("held-again", Instant.now().plusSeconds(2), target.url("/held-again"), null);
    harness.send(held);
    harness.send(held);

    // When the first is delivered again
    harness.send(done);

    // Then each action is performed once, with one outcome
    assertEquals(List.of(STARTED, SUCCEEDED), harness.awaitFinal(held.getInvocationId(), WAIT));
    Thread.sleep(2_000);
    assertEquals(1, target.calls("/again").size());
    assertEquals(1, target.calls("/held-again").size());
    assertEquals(List.of(STARTED, SUCCEEDED), types(harness.events(done.getInvocationId())));
    assertEquals(List.of(STARTED, SUCCEEDED), types(harness.events(held.getInvocationId())));
  }

  private static List<StatusType> types(List<StatusEvent> events) {
    return events.stream().map(StatusEvent::getType).toList();
  }

  @Test
  void shouldRetryAfter500WithBackoffWithinTolerance() throws Exception {
    // Given a target failing twice, and a policy of 4 attempts from 200 ms doubling
    ExecutorHarness.answer(target, "/flaky", n -> n <= 2 ? 500 : 200);
    Invocation invocation =
        http("flaky", Instant.now(), target.url("/flaky"), retry(4, "PT0.2S", 2.0, "PT1M"));

    // When it is triggered
    harness.send(invocation);

    // Then attempts 1 and 2 fail and attempt 3 succeeds, with the same idempotency key
    assertEquals(
        List.of(STARTED, FAILED, STARTED, FAILED, STARTED, SUCCEEDED),
        harness.awaitFinal(invocation.getInvocationId(), WAIT));
    List<Integer> attempts = new ArrayList<>();
    harness.events(invocation.getInvocationId()).forEach(e -> attempts.add(e.getAttempt()));
    assertEquals(List.of(1, 1, 2, 2, 3, 3), attempts);
    List<RecordingHttpTarget.Call> calls = target.calls("/flaky");
    assertEquals(3, calls.size());
    calls.forEach(c -> assertEquals(invocation.getInvocationId(), c.header("Idempotency-Key")));
    // And the waits are the nominal backoff minus at most 20 % jitter, plus call overhead
    assertGap(calls.get(0), calls.get(1), 160, 200 + 400);
    assertGap(calls.get(1), calls.get(2), 320, 400 + 400);
  }

  private static void assertGap(
      RecordingHttpTarget.Call a, RecordingHttpTarget.Call b, long min, long max) {
    long gap = Duration.between(a.arrivedAt(), b.arrivedAt()).toMillis();
    assertTrue(gap >= min && gap <= max, "gap " + gap + " ms not in [" + min + ", " + max + "]");
  }

  @Test
  void shouldTimeOutASlowTargetAndDeadLetter() throws Exception {
    // Given a target answering after 3 s and an invocation with a 300 ms timeout, no retry
    target.delay("/slow", Duration.ofMillis(3_000));
    Invocation invocation = http("slow", Instant.now(), target.url("/slow"), null);
    invocation.setTarget(
        HttpTarget.newBuilder().setUrl(target.url("/slow")).setTimeout("PT0.3S").build());

    // When it is triggered
    RecordMetadata trigger = harness.send(invocation);

    // Then the attempt times out and the invocation is dead-lettered with its bytes and headers
    assertEquals(
        List.of(STARTED, TIMED_OUT, DEAD_LETTERED),
        harness.awaitFinal(invocation.getInvocationId(), WAIT));
    StatusEvent timedOut = harness.events(invocation.getInvocationId()).get(1);
    long took = timedOut.getFinishedAt().toEpochMilli() - timedOut.getStartedAt().toEpochMilli();
    assertTrue(took >= 300 && took < 2_000, "timed out after " + took + " ms");
    ExecutorHarness.await(
        () -> harness.deadLetter(invocation.getInvocationId()) != null, WAIT, "the dead letter");
    ConsumerRecord<byte[], byte[]> letter = harness.deadLetter(invocation.getInvocationId());
    assertTrue(header(letter, DeadLetterHeaders.ERROR).contains("gave up after 1 attempt"));
    ExecutorHarness.assertOrigin(letter, trigger);
    assertEquals("slow", header(letter, "punctual-timer-id"));
    assertEquals(invocation.getNamespace(), header(letter, DeadLetterHeaders.NAMESPACE));
    assertEquals("1", header(letter, "punctual-attempt"));
    assertTrue(new String(letter.value(), StandardCharsets.UTF_8).contains("\"slow\""));
  }

  @Test
  void shouldRetryARefusedConnectionThenDeadLetter() throws Exception {
    // Given a port nobody listens on and a policy of 2 attempts
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Invocation invocation =
        http(
            "refused",
            Instant.now(),
            "http://127.0.0.1:" + port + "/x",
            retry(2, "PT0.1S", 2.0, "PT1S"));

    // When it is triggered
    harness.send(invocation);

    // Then both attempts fail naming the refused connection, then it is dead-lettered
    assertEquals(
        List.of(STARTED, FAILED, STARTED, FAILED, DEAD_LETTERED),
        harness.awaitFinal(invocation.getInvocationId(), WAIT));
    String error = harness.events(invocation.getInvocationId()).get(1).getError();
    assertTrue(error.toLowerCase().contains("connection refused"), error);
  }

  @Test
  void shouldNotRetryAClientErrorOutsideSuccessCodes() throws Exception {
    // Given a target answering 404 and a policy of 3 attempts
    ExecutorHarness.answer(target, "/missing", n -> 404);
    Invocation invocation =
        http("missing", Instant.now(), target.url("/missing"), retry(3, "PT0.1S", 2.0, "PT1S"));

    // When it is triggered
    harness.send(invocation);

    // Then one attempt fails with 404 and the invocation is dead-lettered at once
    assertEquals(
        List.of(STARTED, FAILED, DEAD_LETTERED),
        harness.awaitFinal(invocation.getInvocationId(), WAIT));
    StatusEvent failed = harness.events(invocation.getInvocationId()).get(1);
    assertEquals(404, failed.getHttpStatus());
    assertTrue(failed.getError().contains("successCodes 2xx"), failed.getError());
    assertEquals(1, target.calls("/missing").size());
  }

  @Test
  void shouldAcceptCodesListedInSuccessCodes() throws Exception {
    // Given a target answering 404 and successCodes that include it
    ExecutorHarness.answer(target, "/gone", n -> 404);
    Invocation invocation = http("gone", Instant.now(), target.url("/gone"), null);
    invocation.setTarget(
        HttpTarget.newBuilder().setUrl(target.url("/gone")).setSuccessCodes("2xx, 404").build());

    // When it is triggered
    harness.send(invocation);

    // Then it succeeds
    assertEquals(
        List.of(STARTED, SUCCEEDED), harness.awaitFinal(invocation.getInvocationId(), WAIT));
  }

  @Test
  void shouldHandALongBackoffToTheSchedulerAndCommit() throws Exception {
    // Given a failing target and a first backoff (30 s) above the local threshold (5 s)
    ExecutorHarness.answer(target, "/later", n -> 503);
    Invocation invocation =
        http("later", Instant.now(), target.url("/later"), retry(3, "PT30S", 2.0, "PT5M"));

    // When it is triggered
    RecordMetadata record = harness.send(invocation);
    Instant sent = Instant.now();

    // Then the retry goes back to the scheduler as attempt 2, about 30 s later
    assertEquals(
        List.of(STARTED, FAILED, RETRY_SCHEDULED),
        harness.awaitFinal(invocation.getInvocationId(), WAIT));
    StatusEvent retry = harness.events(invocation.getInvocationId()).get(2);
    assertEquals(2, retry.getAttempt());
    long inMillis = retry.getNextAttemptAt().toEpochMilli() - sent.toEpochMilli();
    assertTrue(inMillis >= 24_000 && inMillis <= 32_000, "next attempt in " + inMillis + " ms");
    // And the trigger's offset is committed
    ExecutorHarness.await(
        () -> {
          try {
            return harness.committed(GROUP, record) > record.offset();
          } catch (Exception e) {
            return false;
          }
        },
        WAIT,
        "the commit of offset " + record.offset());
  }

  @Test
  void shouldNeverStartBeforeTheScheduledInstant() throws Exception {
    // Given 20 invocations due 1 to 2 s from now (scheduler lookahead)
    List<Invocation> invocations = new ArrayList<>();
    Instant base = Instant.now().plusSeconds(1);
    for (int i = 0; i < 20; i++) {
      invocations.add(
          http("early-" + i, base.plusMillis(50L * i), target.url("/early/" + i), null));
    }

    // When they are triggered now
    for (Invocation invocation : invocations) {
      harness.send(invocation);
    }

    // Then no call arrives before its instant
    for (int i = 0; i < invocations.size(); i++) {
      Invocation invocation = invocations.get(i);
      assertEquals(
          List.of(STARTED, SUCCEEDED), harness.awaitFinal(invocation.getInvocationId(), WAIT));
      RecordingHttpTarget.Call call = target.calls("/early/" + i).get(0);
      assertFalse(
          call.arrivedAt().isBefore(invocation.getScheduledAt()),
          "call "
              + i
              + " arrived at "
              + call.arrivedAt()
              + " before "
              + invocation.getScheduledAt());
      assertTrue(harness.events(invocation.getInvocationId()).get(0).getLatenessMillis() >= 0);
    }
  }

  @Test
  void shouldCancelARunningCallAndAHeldInvocation() throws Exception {
    // Given a running call to a slow target and an invocation held for later
    target.delay("/long", Duration.ofMillis(10_000));
    Invocation running = http("long", Instant.now(), target.url("/long"), null);
    running.setTarget(
        HttpTarget.newBuilder().setUrl(target.url("/long")).setTimeout("PT30S").build());
    Invocation held = http("held", Instant.now().plusSeconds(3), target.url("/held"), null);
    harness.send(running);
    harness.send(held);
    ExecutorHarness.await(() -> target.calls("/long").size() == 1, WAIT, "the slow call");

    // When both are cancelled
    Instant cancelledAt = Instant.now();
    harness.cancel(running);
    harness.cancel(held);

    // Then each ends CANCELLED at once, and the held one never calls its target
    assertEquals(List.of(STARTED, CANCELLED), harness.awaitFinal(running.getInvocationId(), WAIT));
    assertEquals(List.of(CANCELLED), harness.awaitFinal(held.getInvocationId(), WAIT));
    StatusEvent cancelled = harness.events(running.getInvocationId()).get(1);
    assertTrue(Duration.between(cancelledAt, cancelled.getAt()).toMillis() < 3_000);
    Thread.sleep(3_500);
    assertEquals(List.of(STARTED, CANCELLED), harness.types(running.getInvocationId()));
    assertTrue(target.calls("/held").isEmpty());
  }

  @Test
  void shouldExposeTheLatenessHistogramOnPrometheus() throws Exception {
    // Given an executed invocation
    Invocation invocation = http("metered", Instant.now(), target.url("/metered"), null);
    harness.send(invocation);
    harness.awaitFinal(invocation.getInvocationId(), WAIT);

    // When the Prometheus endpoint is scraped
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + executor.httpPort() + "/prometheus"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    // Then it shows the lateness histogram, calls by outcome, and the in-flight and held gauges
    assertEquals(200, response.statusCode());
    String body = response.body();
    assertTrue(body.contains("punctual_executor_lateness_seconds_bucket"), body);
    assertTrue(body.contains("punctual_executor_calls_total{outcome=\"SUCCEEDED\"}"), body);
    assertTrue(body.contains("punctual_executor_in_flight"), body);
    assertTrue(body.contains("punctual_executor_held"), body);
  }
}

package io.punctual.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.StatusType;
import io.punctual.devkit.RecordingHttpTarget.Call;
import io.punctual.devkit.RecordingHttpTarget.Response;
import io.punctual.testkit.KafkaBroker;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** FORBID, REPLACE and FIXED_DELAY end to end: scheduler, executor and a slow HTTP target. */
class ConcurrencyAndFixedDelayIT {
  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();
  private static PunctualStack stack;

  @BeforeAll
  static void start() throws Exception {
    stack = new PunctualStack(KAFKA.kafka(), "concurrency", Map.of());
    stack.target.respond(
        call -> {
          sleep(slowness(call.path()));
          return Response.OK;
        });
  }

  @AfterAll
  static void stop() throws Exception {
    stack.close();
  }

  private static long slowness(String path) {
    return switch (path) {
      case "/forbid" -> 3_500;
      case "/replace" -> 10_000;
      case "/delay" -> 1_000;
      default -> 0;
    };
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String everySecond(String path, int seconds, String extra) {
    Instant start = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
    return "{\"schedule\": {\"every\": \"PT"
        + seconds
        + "S\", \"startAt\": \""
        + start
        + "\"%s}, \"target\": {\"http\": {\"url\": \""
        + stack.target.url()
        + path
        + "\", \"timeout\": \"PT30S\"}}, "
        + extra
        + "}";
  }

  private static List<Call> callsTo(String path) {
    return stack.target.calls().stream().filter(c -> c.path().equals(path)).toList();
  }

  @Test
  void shouldSkipFiringsWhileThePreviousInvocationIsUnfinishedWithForbid() throws Exception {
    // Given a timer every second whose target takes 3.5 s
    stack.define("forbid", everySecond("/forbid", 1, "\"concurrency\": \"FORBID\"").formatted(""));
    // When it runs for a while
    assertTrue(
        stack.awaitEvents(
            "forbid",
            events -> PunctualStack.count(events, StatusType.SUCCEEDED) >= 2,
            Duration.ofSeconds(40)),
        "outcomes: " + stack.types("forbid"));
    stack.define("forbid", null);
    // Then the firings that fell due during a call were skipped, and calls never overlapped
    assertTrue(PunctualStack.count(stack.events("forbid"), StatusType.SKIPPED) >= 3);
    List<Call> calls = callsTo("/forbid");
    for (int i = 1; i < calls.size(); i++) {
      long gap =
          Duration.between(calls.get(i - 1).arrivedAt(), calls.get(i).arrivedAt()).toMillis();
      assertTrue(gap >= 3_400, "calls overlap: " + gap + " ms apart");
    }
  }

  @Test
  void shouldCancelTheRunningInvocationWithReplace() throws Exception {
    // Given a timer every 2 s whose target takes 10 s
    stack.define(
        "replace", everySecond("/replace", 2, "\"concurrency\": \"REPLACE\"").formatted(""));
    // When it runs for a while
    assertTrue(
        stack.awaitEvents(
            "replace",
            events -> PunctualStack.count(events, StatusType.CANCELLED) >= 2,
            Duration.ofSeconds(40)),
        "outcomes: " + stack.types("replace"));
    stack.define("replace", null);
    // Then each firing cancelled the previous one, which never succeeded
    assertEquals(0, PunctualStack.count(stack.events("replace"), StatusType.SUCCEEDED));
    assertTrue(callsTo("/replace").size() >= 3);
  }

  @Test
  void shouldFireThePeriodAfterEachOutcomeWithFixedDelay() throws Exception {
    // Given a fixed-delay timer of 2 s whose target takes 1 s
    stack.define(
        "delay",
        everySecond("/delay", 2, "\"concurrency\": \"ALLOW\"")
            .formatted(", \"mode\": \"FIXED_DELAY\""));
    // When it runs for a while
    assertTrue(
        stack.awaitEvents(
            "delay",
            events -> PunctualStack.count(events, StatusType.SUCCEEDED) >= 4,
            Duration.ofSeconds(40)),
        "outcomes: " + stack.types("delay"));
    stack.define("delay", null);
    // Then consecutive calls start the call's 1 s plus the 2 s delay apart
    List<Call> calls = callsTo("/delay");
    for (int i = 1; i < calls.size(); i++) {
      long gap =
          Duration.between(calls.get(i - 1).arrivedAt(), calls.get(i).arrivedAt()).toMillis();
      assertTrue(gap >= 3_000 && gap < 4_500, "calls " + gap + " ms apart");
    }
  }
}

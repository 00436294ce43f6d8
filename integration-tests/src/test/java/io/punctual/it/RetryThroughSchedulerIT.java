package io.punctual.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.StatusEvent;
import io.punctual.StatusType;
import io.punctual.devkit.RecordingHttpTarget.Call;
import io.punctual.devkit.RecordingHttpTarget.Response;
import io.punctual.testkit.KafkaBroker;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A backoff longer than the executor's local threshold goes back through the scheduler, which fires
 * the next attempt of the same invocation at its instant.
 */
class RetryThroughSchedulerIT {
  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  @Test
  void shouldFireTheNextAttemptThroughTheSchedulerAtItsInstant() throws Exception {
    try (PunctualStack stack =
        new PunctualStack(
            KAFKA.kafka(), "retry", Map.of("punctual.executor.local-retry-threshold", "PT1S"))) {
      // Given a target that fails each first attempt, and a timer whose backoff (4 s) is longer
      // than the executor's local threshold (1 s)
      stack.target.respond(
          call ->
              "1".equals(call.header("Punctual-Attempt")) ? new Response(500, "no") : Response.OK);
      Instant at = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.MILLIS);
      stack.define(
          "long-retry",
          "{\"schedule\": {\"at\": \""
              + at
              + "\"}, \"target\": {\"http\": {\"url\": \""
              + stack.target.url()
              + "/work\"}}, \"retry\": {\"maxAttempts\": 3, \"initialBackoff\": \"PT4S\"}}");
      // When the first attempt fails
      assertTrue(
          stack.awaitEvents(
              "long-retry",
              events -> PunctualStack.count(events, StatusType.SUCCEEDED) == 1,
              Duration.ofSeconds(60)),
          "outcomes: " + stack.types("long-retry"));
      // Then the executor handed the retry to the scheduler, which fired attempt 2 at its instant
      List<StatusEvent> events =
          stack.events("long-retry").stream()
              .filter(e -> e.getType() != StatusType.COMPLETED)
              .toList();
      assertEquals(
          List.of(
              StatusType.STARTED,
              StatusType.FAILED,
              StatusType.RETRY_SCHEDULED,
              StatusType.STARTED,
              StatusType.SUCCEEDED),
          events.stream().map(StatusEvent::getType).toList());
      StatusEvent retry = events.get(2);
      assertEquals(2, retry.getAttempt());
      Instant nextAttemptAt = retry.getNextAttemptAt();
      List<Call> calls = stack.target.calls();
      assertEquals(2, calls.size());
      String key = "long-retry@" + at.toEpochMilli();
      assertEquals(key, calls.get(0).header("Idempotency-Key"));
      assertEquals(key, calls.get(1).header("Idempotency-Key"), "same invocation id");
      assertEquals("2", calls.get(1).header("Punctual-Attempt"));
      assertFalse(calls.get(1).arrivedAt().isBefore(nextAttemptAt), "attempt 2 early");
      assertTrue(
          Duration.between(nextAttemptAt, calls.get(1).arrivedAt()).toMillis() < 2_000,
          "attempt 2 late: " + Duration.between(nextAttemptAt, calls.get(1).arrivedAt()));
      assertEquals(2, events.get(4).getAttempt());
    }
  }
}

package io.punctual.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.StatusType;
import io.punctual.devkit.RecordingHttpTarget.Call;
import io.punctual.scheduler.SchedulerConfig;
import io.punctual.testkit.KafkaBroker;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With a scheduler lookahead, invocations reach the executor before their instant; the executor
 * holds them, and no call starts before its scheduled instant.
 */
class LookaheadIT {
  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  @Test
  void shouldStartNoCallBeforeItsInstantWithLookahead() throws Exception {
    try (PunctualStack stack =
        new PunctualStack(
            KAFKA.kafka(),
            "lookahead",
            Map.of(SchedulerConfig.LOOKAHEAD_MS_CONFIG, "1000"),
            Map.of())) {
      // Given 40 timers due over the next few seconds, emitted up to 1 s ahead of their instant
      Instant base = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.MILLIS);
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String id = "ahead-" + i;
        ids.add(id);
        stack.define(
            id,
            "{\"schedule\": {\"at\": \""
                + base.plusMillis(i * 97L)
                + "\"}, \"target\": {\"http\": {\"url\": \""
                + stack.target.url()
                + "/ahead\"}}}");
      }
      // When they fall due
      for (String id : ids) {
        assertTrue(
            stack.awaitEvents(
                id,
                events -> PunctualStack.count(events, StatusType.SUCCEEDED) == 1,
                Duration.ofSeconds(30)),
            id + ": " + stack.types(id));
      }
      // Then every call arrived at or after its scheduled instant
      List<Call> calls = stack.target.calls();
      assertEquals(40, calls.size());
      long maxLateness = 0;
      for (Call call : calls) {
        long scheduledAt = Long.parseLong(call.header("Punctual-Scheduled-At"));
        long lateness = call.arrivedAt().toEpochMilli() - scheduledAt;
        assertTrue(
            lateness >= 0, call.header("Idempotency-Key") + " early by " + -lateness + " ms");
        maxLateness = Math.max(maxLateness, lateness);
      }
      System.out.println("LookaheadIT: 40 calls, none early, max lateness " + maxLateness + " ms");
    }
  }
}

package io.punctual.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.StatusEvent;
import io.punctual.StatusType;
import io.punctual.devkit.EmbeddedKafka;
import io.punctual.devkit.RecordingHttpTarget;
import io.punctual.testkit.JavaProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The executor as its own JVM, killed with SIGKILL under load and restarted. */
class CrashRecoveryIT {
  private static final Pattern READY = Pattern.compile("(" + ExecutorApplication.READY_LINE + ")");
  private static final int INVOCATIONS = 2_000;

  @Test
  void shouldGiveEveryInvocationAFinalOutcomeAfterASigkill() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        RecordingHttpTarget target = RecordingHttpTarget.start();
        ExecutorHarness harness = new ExecutorHarness(kafka.bootstrapServers(), "crash")) {
      // Given an executor process (64 calls in flight) working through 2,000 invocations of a
      // target taking 100 ms
      target.delay("/work", Duration.ofMillis(100));
      Path dir = Files.createTempDirectory("executor-crash");
      JavaProcess first = startExecutor(kafka.bootstrapServers(), dir, "first");
      Set<String> ids = new HashSet<>();
      List<io.punctual.Invocation> invocations = new ArrayList<>();
      Instant at = Instant.now();
      // (three attempts each: the restarted JVM starts some 60 overdue calls at once while still
      // cold, and on a loaded two-core machine a few of them can miss their 2 s timeout)
      for (int i = 0; i < INVOCATIONS; i++) {
        var invocation =
            ExecutorHarness.http(
                "crash-" + i,
                at.plusMillis(i),
                target.url("/work"),
                ExecutorHarness.retry(3, "PT1S", 1.0, "PT1S"));
        ids.add(invocation.getInvocationId());
        invocations.add(invocation);
      }
      Thread producer =
          new Thread(
              () -> {
                try {
                  for (io.punctual.Invocation invocation : invocations) {
                    harness.send(invocation);
                  }
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      producer.start();
      ExecutorHarness.await(
          () -> target.calls("/work").size() >= 500, Duration.ofSeconds(60), "500 calls");

      // When it is killed with SIGKILL mid-way, and started again
      first.kill();
      int callsBeforeKill = target.calls("/work").size();
      producer.join();
      try (JavaProcess second = startExecutor(kafka.bootstrapServers(), dir, "second")) {
        // Then every invocation gets a final outcome
        ExecutorHarness.await(
            () -> ids.stream().allMatch(id -> harness.types(id).contains(StatusType.SUCCEEDED)),
            Duration.ofSeconds(120),
            "a SUCCEEDED for every invocation");
        assertTrue(second.isAlive(), "the restarted executor still runs");
      }

      // And the target saw every idempotency key, any duplicate only under the same key
      Map<String, Integer> byKey = new HashMap<>();
      for (RecordingHttpTarget.Call call : target.calls("/work")) {
        byKey.merge(call.header("Idempotency-Key"), 1, Integer::sum);
      }
      assertEquals(ids, byKey.keySet());
      assertTrue(callsBeforeKill < INVOCATIONS, "the kill came after the load");
      long duplicates = byKey.values().stream().filter(n -> n > 1).count();
      for (String id : ids) {
        for (StatusEvent event : harness.events(id)) {
          assertEquals(id, event.getInvocationId());
        }
      }
      System.out.printf(
          "calls before kill %d, calls in all %d, keys called more than once %d%n",
          callsBeforeKill, target.calls("/work").size(), duplicates);
    }
  }

  private static JavaProcess startExecutor(String bootstrap, Path dir, String name)
      throws InterruptedException {
    JavaProcess executor =
        JavaProcess.start(
            "executor-" + name,
            dir,
            "256m",
            ExecutorApplication.class.getName(),
            List.of(
                "kafka.bootstrap.servers=" + bootstrap,
                "punctual.executor.allow-loopback=true",
                "micronaut.server.port=-1",
                "punctual.executor.topic-prefix=crash",
                "punctual.executor.group-id=crash",
                "punctual.executor.instance-id=" + name,
                "kafka.session.timeout.ms=6000",
                "kafka.heartbeat.interval.ms=1000"));
    executor.await(READY, Duration.ofSeconds(60));
    return executor;
  }
}

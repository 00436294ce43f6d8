package io.punctual.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.StatusEvent;
import io.punctual.StatusType;
import io.punctual.devkit.EmbeddedKafka;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The executor as its own JVM, killed with SIGKILL under load and restarted. */
class CrashRecoveryIT {
  private static final int INVOCATIONS = 2_000;

  @Test
  void shouldGiveEveryInvocationAFinalOutcomeAfterASigkill() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        TestTarget target = new TestTarget();
        ExecutorHarness harness = new ExecutorHarness(kafka.bootstrapServers(), "crash")) {
      // Given an executor process (64 calls in flight) working through 2,000 invocations of a
      // target taking 100 ms
      target.delay("/work", 100);
      Process first = startExecutor(kafka.bootstrapServers(), "first");
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
      first.destroyForcibly();
      assertTrue(first.waitFor(10, TimeUnit.SECONDS));
      int callsBeforeKill = target.calls("/work").size();
      producer.join();
      Process second = startExecutor(kafka.bootstrapServers(), "second");
      try {
        // Then every invocation gets a final outcome
        ExecutorHarness.await(
            () -> ids.stream().allMatch(id -> harness.types(id).contains(StatusType.SUCCEEDED)),
            Duration.ofSeconds(120),
            "a SUCCEEDED for every invocation");
      } finally {
        second.destroy();
        second.waitFor(30, TimeUnit.SECONDS);
        second.destroyForcibly();
      }

      // And the target saw every idempotency key, any duplicate only under the same key
      Map<String, Integer> byKey = new HashMap<>();
      for (TestTarget.Call call : target.calls("/work")) {
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

  private static Process startExecutor(String bootstrap, String name) throws Exception {
    Path log = Files.createTempFile("executor-" + name, ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ExecutorCommand.class.getName());
    command.addAll(
        List.of(
            "--bootstrap-servers",
            bootstrap,
            "--allow-loopback",
            "--http-port",
            "-1",
            "--set",
            "punctual.executor.topic-prefix=crash",
            "--set",
            "punctual.executor.group-id=crash",
            "--set",
            "punctual.executor.instance-id=" + name,
            "--set",
            "kafka.session.timeout.ms=6000",
            "--set",
            "kafka.heartbeat.interval.ms=1000"));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    CountDownLatch ready = new CountDownLatch(1);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  Files.writeString(
                      log, line + System.lineSeparator(), java.nio.file.StandardOpenOption.APPEND);
                  if (line.startsWith(ExecutorCommand.READY_LINE)) {
                    ready.countDown();
                  }
                }
              } catch (IOException e) {
                ready.countDown();
              }
            },
            "executor-output-" + name);
    reader.setDaemon(true);
    reader.start();
    if (!ready.await(60, TimeUnit.SECONDS) || !process.isAlive()) {
      process.destroyForcibly();
      throw new AssertionError("executor " + name + " did not start; see " + log);
    }
    return process;
  }
}

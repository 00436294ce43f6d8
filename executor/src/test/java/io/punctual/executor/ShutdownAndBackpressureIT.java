package io.punctual.executor;

import static io.punctual.StatusType.STARTED;
import static io.punctual.StatusType.SUCCEEDED;
import static io.punctual.executor.ExecutorHarness.http;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.HttpTarget;
import io.punctual.Invocation;
import io.punctual.devkit.RecordingHttpTarget;
import io.punctual.executor.internal.consume.TriggerLoop;
import io.punctual.executor.internal.engine.InvocationEngine;
import io.punctual.testkit.KafkaBroker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Graceful shutdown and backpressure, against a real broker and HTTP server. */
class ShutdownAndBackpressureIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();
  private static RecordingHttpTarget target;

  @BeforeAll
  static void start() throws Exception {
    target = RecordingHttpTarget.start();
  }

  @AfterAll
  static void stop() {
    target.close();
  }

  @Test
  void shouldPublishOutcomesOfInFlightCallsOnGracefulShutdown() throws Exception {
    try (ExecutorHarness harness = new ExecutorHarness(KAFKA.bootstrapServers(), "drain")) {
      // Given 5 calls in flight to a target answering after 1.5 s
      PunctualExecutor executor = PunctualExecutor.start(harness.executorProperties("drain"));
      target.delay("/drain", Duration.ofMillis(1_500));
      List<Invocation> invocations = new ArrayList<>();
      List<RecordMetadata> records = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        Invocation invocation = http("drain-" + i, Instant.now(), target.url("/drain"), null);
        invocations.add(invocation);
        records.add(harness.send(invocation));
      }
      ExecutorHarness.await(() -> target.calls("/drain").size() == 5, WAIT, "5 calls in flight");

      // When the executor is closed
      executor.close();

      // Then every call's outcome is already published, and every trigger is committed
      for (Invocation invocation : invocations) {
        assertEquals(
            List.of(STARTED, SUCCEEDED),
            harness.awaitFinal(invocation.getInvocationId(), Duration.ofSeconds(5)));
      }
      for (RecordMetadata record : records) {
        assertTrue(harness.committed("drain", record) > record.offset(), "offset " + record);
      }
    }
  }

  @Test
  void shouldFinishRunningCallsBeforeARebalanceHandsTheirPartitionsOver() throws Exception {
    try (ExecutorHarness harness = new ExecutorHarness(KAFKA.bootstrapServers(), "handover")) {
      // Given 9 calls in flight to a target answering after 6 s (their timeout 20 s), and an
      // executor waiting up to 15 s for running calls when it loses partitions
      Map<String, Object> props = harness.executorProperties("handover");
      props.put("punctual.executor.revocation-grace", "PT15S");
      PunctualExecutor first = PunctualExecutor.start(props);
      target.delay("/handover", Duration.ofMillis(6_000));
      List<Invocation> invocations = new ArrayList<>();
      for (int i = 0; i < 9; i++) {
        Invocation invocation = http("handover-" + i, Instant.now(), target.url("/handover"), null);
        HttpTarget call = (HttpTarget) invocation.getTarget();
        invocation.setTarget(HttpTarget.newBuilder(call).setTimeout("PT20S").build());
        invocations.add(invocation);
        harness.send(invocation);
      }
      ExecutorHarness.await(() -> target.calls("/handover").size() == 9, WAIT, "9 calls in flight");

      // When a second executor joins the group, and the rebalance moves partitions to it
      PunctualExecutor second = PunctualExecutor.start(harness.executorProperties("handover"));
      try {
        // Then every call succeeds once: the first executor committed them before letting go
        for (Invocation invocation : invocations) {
          assertEquals(
              List.of(STARTED, SUCCEEDED), harness.awaitFinal(invocation.getInvocationId(), WAIT));
        }
        Thread.sleep(3_000);
        assertEquals(9, target.calls("/handover").size());
        for (Invocation invocation : invocations) {
          assertEquals(List.of(STARTED, SUCCEEDED), harness.types(invocation.getInvocationId()));
        }
      } finally {
        second.close();
        first.close();
      }
    }
  }

  @Test
  void shouldNotPerformAgainWhatFinishedPastAHeldTriggerWhenItsPartitionMoves() throws Exception {
    try (ExecutorHarness harness = new ExecutorHarness(KAFKA.bootstrapServers(), "moved")) {
      // Given on every partition a trigger held for its instant 25 s away, and after it 3 triggers
      // that are due now, performed and committed only up to the held one
      PunctualExecutor first = PunctualExecutor.start(harness.executorProperties("moved"));
      Instant later = Instant.now().plusSeconds(25);
      List<Invocation> held = new ArrayList<>();
      List<Invocation> due = new ArrayList<>();
      for (int p = 0; p < ExecutorHarness.PARTITIONS; p++) {
        Invocation wait = http("moved-held-" + p, later, target.url("/moved-held"), null);
        held.add(wait);
        harness.send(wait, p);
        for (int i = 0; i < 3; i++) {
          Invocation now =
              http("moved-due-" + p + "-" + i, Instant.now(), target.url("/moved"), null);
          due.add(now);
          harness.send(now, p);
        }
      }
      for (Invocation invocation : due) {
        assertEquals(
            List.of(STARTED, SUCCEEDED), harness.awaitFinal(invocation.getInvocationId(), WAIT));
      }
      Thread.sleep(500);

      // When a second executor joins, and the rebalance moves at least one partition to it
      PunctualExecutor second = PunctualExecutor.start(harness.executorProperties("moved"));
      try {
        // Then the held triggers are performed at their instant, and nothing is performed twice:
        // the new owner skips the triggers the old one had finished past its commit
        for (Invocation invocation : held) {
          assertEquals(
              List.of(STARTED, SUCCEEDED),
              harness.awaitFinal(invocation.getInvocationId(), Duration.ofSeconds(60)));
        }
        Thread.sleep(2_000);
        assertEquals(ExecutorHarness.PARTITIONS, target.calls("/moved-held").size());
        assertEquals(due.size(), target.calls("/moved").size(), "calls of due triggers");
        for (Invocation invocation : due) {
          assertEquals(List.of(STARTED, SUCCEEDED), harness.types(invocation.getInvocationId()));
        }
      } finally {
        second.close();
        first.close();
      }
    }
  }

  @Test
  void shouldPauseConsumptionPastTheHeldBound() throws Exception {
    try (ExecutorHarness harness = new ExecutorHarness(KAFKA.bootstrapServers(), "pressure")) {
      // Given an executor holding at most 40 invocations
      Map<String, Object> props = harness.executorProperties("pressure");
      props.put("punctual.executor.max-held", 40);
      PunctualExecutor executor = PunctualExecutor.start(props);
      InvocationEngine engine = executor.applicationContext().getBean(InvocationEngine.class);
      TriggerLoop loop = executor.applicationContext().getBean(TriggerLoop.class);
      AtomicInteger most = new AtomicInteger();
      AtomicBoolean sawPause = new AtomicBoolean();
      AtomicBoolean sampling = new AtomicBoolean(true);
      Thread sampler =
          new Thread(
              () -> {
                while (sampling.get()) {
                  most.accumulateAndGet(engine.activeCount(), Math::max);
                  sawPause.compareAndSet(false, loop.paused());
                  try {
                    Thread.sleep(5);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              });
      sampler.start();

      // When 200 invocations due in 3 s are triggered at once
      List<Invocation> invocations = new ArrayList<>();
      Instant at = Instant.now().plusSeconds(3);
      for (int i = 0; i < 200; i++) {
        Invocation invocation = http("held-" + i, at, target.url("/pressure"), null);
        invocations.add(invocation);
        harness.send(invocation);
      }

      // Then consumption pauses, memory never holds more than 40, and all succeed in the end
      for (Invocation invocation : invocations) {
        assertEquals(
            List.of(STARTED, SUCCEEDED), harness.awaitFinal(invocation.getInvocationId(), WAIT));
      }
      sampling.set(false);
      sampler.join();
      executor.close();
      assertTrue(sawPause.get(), "consumption never paused");
      assertTrue(most.get() <= 40, "held " + most.get() + " invocations");
      assertTrue(most.get() >= 20, "held only " + most.get() + " invocations");
    }
  }
}

package io.punctual.executor;

import static io.punctual.StatusType.STARTED;
import static io.punctual.StatusType.SUCCEEDED;
import static io.punctual.executor.ExecutorHarness.http;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.Invocation;
import io.punctual.devkit.MiniSchemaRegistry;
import io.punctual.devkit.RecordingHttpTarget;
import io.punctual.serde.ConfluentAvroSerializer;
import io.punctual.serde.SerdeConfig;
import io.punctual.testkit.JavaProcess;
import io.punctual.testkit.KafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The trigger consumer's failures: a schema registry outage, and the death of its poll thread. */
class ConsumerFailuresIT {
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

  private static byte[] avro(String registryUrl, String topic, Invocation invocation) {
    try (ConfluentAvroSerializer<Invocation> serializer = new ConfluentAvroSerializer<>()) {
      serializer.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registryUrl), false);
      return serializer.serialize(topic, invocation);
    }
  }

  @Test
  void shouldWaitOutASchemaRegistryOutageWithoutDeadLettering() throws Exception {
    try (ExecutorHarness harness = new ExecutorHarness(KAFKA.bootstrapServers(), "outage")) {
      // Given an Avro trigger whose schema is in a registry that then goes away
      Invocation invocation = http("outage", Instant.now(), target.url("/outage"), null);
      String topic = harness.prefix + ".triggers";
      MiniSchemaRegistry registry = MiniSchemaRegistry.start(0);
      int port = registry.port();
      String url = registry.url();
      byte[] trigger = avro(url, topic, invocation);
      registry.close();
      Map<String, Object> props = harness.executorProperties("outage");
      props.put("punctual.executor.schema-registry-url", url);
      try (PunctualExecutor executor = PunctualExecutor.start(props)) {

        // When the trigger is consumed during the outage
        harness.sendRaw(invocation.getTimerId().getBytes(StandardCharsets.UTF_8), trigger, 0);
        ExecutorHarness.await(
            () -> metric(executor, "punctual_executor_registry_outages_total") >= 2,
            WAIT,
            "two attempts to read the trigger");

        // Then nothing is published nor dead-lettered for it
        assertTrue(harness.types(invocation.getInvocationId()).isEmpty());
        assertTrue(harness.deadLetters().isEmpty(), "dead letters: " + harness.deadLetters());
        assertEquals(0.0, metric(executor, "punctual_executor_triggers_undecodable_total"));

        // And once the registry is back, the trigger is read again and performed
        try (MiniSchemaRegistry back = MiniSchemaRegistry.start(port)) {
          avro(back.url(), topic, invocation);
          assertEquals(
              List.of(STARTED, SUCCEEDED),
              harness.awaitFinal(invocation.getInvocationId(), Duration.ofSeconds(60)));
        }
        assertEquals(1, target.calls("/outage").size());
        assertTrue(harness.deadLetters().isEmpty());
      }
    }
  }

  private static double metric(PunctualExecutor executor, String name) {
    try {
      for (String line : ExecutorHarness.prometheus(executor).split("\n")) {
        if (line.startsWith(name + " ")) {
          return Double.parseDouble(line.substring(name.length() + 1).trim());
        }
      }
      return -1;
    } catch (Exception e) {
      return -1;
    }
  }

  @Test
  void shouldReportDownWhenThePollThreadDies() throws Exception {
    try (ExecutorHarness harness = new ExecutorHarness(KAFKA.bootstrapServers(), "dies")) {
      // Given an executor whose consumer fails on its first poll (no offset, and no reset)
      Map<String, Object> props = harness.executorProperties("dies");
      props.put("kafka.auto.offset.reset", "none");
      try (PunctualExecutor executor = PunctualExecutor.start(props)) {

        // When its poll thread dies
        Throwable cause = executor.failure().get(30, java.util.concurrent.TimeUnit.SECONDS);

        // Then /health is DOWN
        assertTrue(cause.toString().contains("NoOffsetForPartition"), cause.toString());
        HttpResponse<String> health =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + executor.httpPort() + "/health"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertEquals(503, health.statusCode(), health.body());
        assertTrue(health.body().contains("DOWN"), health.body());
      }
    }
  }

  @Test
  @SuppressWarnings("try") // the resource only has to run while the test does
  void shouldExitNonZeroWhenThePollThreadDies() throws Exception {
    try (ExecutorHarness harness = new ExecutorHarness(KAFKA.bootstrapServers(), "exits")) {
      // Given the executor command, whose consumer fails on its first poll
      Path dir = Files.createTempDirectory("executor-exits");
      List<String> args =
          List.of(
              "kafka.bootstrap.servers=" + KAFKA.bootstrapServers(),
              "micronaut.server.port=-1",
              "punctual.executor.topic-prefix=exits",
              "punctual.executor.group-id=exits",
              "kafka.auto.offset.reset=none");

      // When it runs
      try (JavaProcess process =
          JavaProcess.start(
              "executor-exits", dir, "256m", ExecutorApplication.class.getName(), args)) {

        // Then it exits by itself, with a non-zero status
        int status = process.awaitExit(Duration.ofSeconds(90));
        assertNotEquals(0, status, "see " + process.log());
        assertEquals(ExecutorApplication.EXIT_FAILED, status, "see " + process.log());
      }
    }
  }
}

package io.punctual.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.punctual.Invocation;
import io.punctual.Samples;
import io.punctual.TimerDefinition;
import io.punctual.devkit.MiniSchemaRegistry;
import io.punctual.json.AvroJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proves the wire format against an independent implementation, npm's
 * {@code @kafkajs/confluent-schema-registry} run by Node, in both directions. Fails (never skips)
 * when Node or npm is missing.
 */
class NodeClientCompatibilityTest {
  private static final Path SOURCES = Path.of("src", "test", "node");
  private static final Path WORK = Path.of("target", "node-xcheck");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();

  private MiniSchemaRegistry registry;
  private RestSchemaRegistryClient client;

  @BeforeAll
  static void installNodeClient() throws Exception {
    Files.createDirectories(WORK);
    for (String file : List.of("package.json", "package-lock.json", "xcheck.js")) {
      Files.copy(SOURCES.resolve(file), WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
    }
    if (!Files.isDirectory(WORK.resolve("node_modules"))) {
      run(300, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
    }
  }

  @BeforeEach
  void startRegistry() {
    registry = MiniSchemaRegistry.start(0);
    client = new RestSchemaRegistryClient(registry.url());
  }

  @AfterEach
  void stopRegistry() {
    registry.close();
  }

  @Test
  void shouldLetNodeDecodeATimerDefinitionWrittenByJava() throws Exception {
    // Given
    byte[] bytes =
        new ConfluentAvroSerializer<TimerDefinition>(client)
            .serialize("xcheck.timers", Samples.cronTimer());

    // When
    JsonNode decoded =
        JSON.readTree(run(60, "node", "xcheck.js", "decode", registry.url(), HEX.formatHex(bytes)));

    // Then
    assertEquals("invoice-42-reminder", decoded.path("id").asText(), decoded.toString());
    JsonNode cron = decoded.path("schedule").path("io.punctual.CronSchedule");
    assertEquals("0 9 * * MON-FRI", cron.path("cron").asText(), decoded.toString());
    assertEquals("Europe/Paris", cron.path("timeZone").asText());
    assertEquals("UNIX", cron.path("dialect").asText());
    JsonNode http = decoded.path("target").path("io.punctual.HttpTarget");
    assertEquals("https://billing.example/remind", http.path("url").asText(), decoded.toString());
    assertEquals("application/json", http.path("headers").path("Content-Type").asText());
    assertEquals(5, decoded.path("retry").path("maxAttempts").asInt(), decoded.toString());
    assertEquals("FIRE_ALL", decoded.path("misfire").asText());
    assertEquals(Samples.AT.toEpochMilli(), decoded.path("startAt").asLong(), decoded.toString());
    assertEquals(10, decoded.path("maxFirings").asLong());
    assertEquals("gold", decoded.path("labels").path("tier").asText());
  }

  @Test
  void shouldLetNodeDecodeAnInvocationWrittenByJava() throws Exception {
    // Given
    byte[] bytes =
        new ConfluentAvroSerializer<Invocation>(client)
            .serialize("xcheck.triggers", Samples.invocation());

    // When
    JsonNode decoded =
        JSON.readTree(run(60, "node", "xcheck.js", "decode", registry.url(), HEX.formatHex(bytes)));

    // Then
    assertEquals(
        "invoice-42-reminder@1772953200000",
        decoded.path("invocationId").asText(),
        decoded.toString());
    assertEquals(Samples.AT.toEpochMilli(), decoded.path("scheduledAt").asLong());
    assertEquals(2, decoded.path("attempt").asInt());
    assertEquals("REPLACE", decoded.path("concurrency").asText());
    assertEquals(
        "POST",
        decoded.path("target").path("io.punctual.HttpTarget").path("method").asText(),
        decoded.toString());
  }

  @Test
  void shouldDecodeATimerDefinitionWrittenByNode() throws Exception {
    // Given
    Path schema = WORK.resolve("timer-schema.avsc");
    Files.writeString(schema, TimerDefinition.getClassSchema().toString());
    Path payload = WORK.resolve("timer-payload.json");
    Files.writeString(
        payload,
        """
        {"id": "from-node", "namespace": "billing",
         "schedule": {"io.punctual.EverySchedule":
           {"every": "PT1M", "mode": "FIXED_DELAY", "startAt": 1772953200000}},
         "target": {"io.punctual.KafkaTarget":
           {"topic": "reminders", "key": "invoice-42", "value": null, "headers": {"source": "node"}}},
         "retry": null, "misfire": "SKIP", "concurrency": "FORBID", "paused": false,
         "startAt": null, "endAt": 1772956800000, "maxFirings": 3, "jitter": "PT0S",
         "labels": {"team": "billing"}}
        """);

    // When
    String hex =
        run(
            60,
            "node",
            "xcheck.js",
            "encode",
            registry.url(),
            "xcheck.node-value",
            schema.toAbsolutePath().toString(),
            payload.toAbsolutePath().toString());
    TimerDefinition timer =
        new ConfluentAvroDeserializer<>(TimerDefinition.class, client)
            .deserialize("xcheck.node", HEX.parseHex(hex.trim()));

    // Then
    TimerDefinition expected =
        AvroJson.fromJson(
            """
            {"id": "from-node", "namespace": "billing",
             "schedule": {"every": "PT1M", "mode": "FIXED_DELAY", "startAt": "2026-03-08T07:00:00Z"},
             "target": {"kafka": {"topic": "reminders", "key": "invoice-42", "headers": {"source": "node"}}},
             "misfire": "SKIP", "concurrency": "FORBID",
             "endAt": "2026-03-08T08:00:00Z", "maxFirings": 3, "labels": {"team": "billing"}}
            """,
            TimerDefinition.class);
    assertEquals(expected, timer);
  }

  /** Runs a command in the work directory; fails the test unless it exits with 0 in time. */
  private static String run(int timeoutSeconds, String... command)
      throws IOException, InterruptedException {
    Path stdout = WORK.resolve("stdout.txt");
    Path stderr = WORK.resolve("stderr.txt");
    Process process =
        new ProcessBuilder(command)
            .directory(WORK.toFile())
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    process.getOutputStream().close();
    boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly().waitFor();
    }
    String commandLine = String.join(" ", List.of(command).subList(0, Math.min(3, command.length)));
    assertTrue(finished, commandLine + " did not finish within " + timeoutSeconds + " s");
    assertEquals(0, process.exitValue(), commandLine + " failed: " + Files.readString(stderr));
    return Files.readString(stdout, StandardCharsets.UTF_8);
  }
}

package io.punctual.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.punctual.RetryPolicy;
import io.punctual.TimerDefinition;
import io.punctual.api.internal.problems.ApiProblem;
import io.punctual.api.internal.timers.TimerDefinitionCheck;
import io.punctual.devkit.MiniSchemaRegistry;
import io.punctual.json.AvroJson;
import io.punctual.scheduler.SchedulerConfig;
import io.punctual.scheduler.internals.scheduling.FiringPlans;
import io.punctual.scheduler.internals.topology.SchedulerTopology;
import io.punctual.serde.ConfluentAvroSerializer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * One contract at every entry point: for generated definitions, the extremes of every field
 * included, the REST API's check, the scheduler's intake of JSON and of Confluent-framed Avro on
 * the timers topic all refuse a definition, naming the same field, or all accept it; and what they
 * accept plans strictly increasing instants and has a retry policy the executor can run. jqwik
 * prints the seed of a failing run; rerun it with {@code -Djqwik.seeds.whenfixed=ALLOW} and
 * {@code @Property(seed = "...")}.
 */
class DefinitionContractPropertyTest {
  private static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");
  private static final int STEPS = 16;
  private static final AtomicLong IDS = new AtomicLong();

  private static MiniSchemaRegistry registry;
  private static TopologyTestDriver driver;
  private static TestInputTopic<byte[], byte[]> timers;
  private static TestOutputTopic<byte[], byte[]> deadLetters;
  private static ConfluentAvroSerializer<TimerDefinition> avro;
  private static SchedulerConfig config;

  @BeforeContainer
  static void start() throws Exception {
    registry = MiniSchemaRegistry.start(0);
    config =
        new SchedulerConfig(
            Map.of(
                "bootstrap.servers",
                "unused:9092",
                SchedulerConfig.SCHEMA_REGISTRY_URL_CONFIG,
                registry.url()));
    Properties properties = new Properties();
    properties.putAll(config.streamsProperties());
    properties.put("state.dir", Files.createTempDirectory("contract-property").toString());
    driver =
        new TopologyTestDriver(
            SchedulerTopology.build(config, new SimpleMeterRegistry()), properties, NOW);
    timers =
        driver.createInputTopic(
            config.topics().timers(), new ByteArraySerializer(), new ByteArraySerializer());
    deadLetters =
        driver.createOutputTopic(
            config.topics().deadLetters(),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    avro = new ConfluentAvroSerializer<>();
    avro.configure(Map.of("schema.registry.url", registry.url()), false);
  }

  @AfterContainer
  static void stop() {
    avro.close();
    driver.close();
    registry.close();
  }

  /** What an entry point made of a definition: accepted, or refused naming a field. */
  private record Verdict(boolean accepted, String field) {
    static final Verdict ACCEPTED = new Verdict(true, null);

    static Verdict refused(String field) {
      return new Verdict(false, field);
    }
  }

  @Property(tries = 400)
  void shouldBeRefusedAlikeEverywhereOrPlannedStrictlyIncreasing(
      @ForAll("definitions") String json) {
    // Given a generated definition under a fresh id
    String id = "p-" + IDS.incrementAndGet();
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);

    // When the REST API checks it, and the scheduler reads it as JSON and as Avro
    Verdict rest = rest(id, bytes);
    Verdict jsonTopic = topic(id, bytes);
    TimerDefinition decoded = decodeOrNull(bytes);
    Verdict avroTopic =
        decoded == null ? jsonTopic : topic(id + "-avro", avro.serialize("timers", decoded));

    // Then all three agree
    Statistics.label("verdict").collect(rest.accepted() ? "accepted" : "refused " + rest.field());
    assertEquals(rest, jsonTopic, "REST and JSON on the topic disagree on " + json);
    assertEquals(rest, avroTopic, "REST and Avro on the topic disagree on " + json);
    if (rest.accepted()) {
      // And an accepted plan yields strictly increasing instants; the executor runs its retries
      List<Instant> instants =
          new FiringPlans()
              .plan(id, decoded, NOW.toEpochMilli())
              .instantsBetween(NOW, Limits.LATEST, STEPS);
      for (int i = 1; i < instants.size(); i++) {
        assertTrue(instants.get(i).isAfter(instants.get(i - 1)), instants + " for " + json);
      }
      assertRetriesRun(decoded.getRetry());
    }
  }

  private static void assertRetriesRun(RetryPolicy retry) {
    RetryBackoff backoff = RetryBackoff.of(retry);
    Duration max = retry == null ? Duration.ZERO : Durations.parse("max", retry.getMaxBackoff());
    for (int attempt = 1; attempt < backoff.maxAttempts(); attempt++) {
      Duration wait = backoff.nominalAfter(attempt);
      assertTrue(!wait.isNegative() && wait.compareTo(max) <= 0, "backoff " + wait);
    }
  }

  private static Verdict rest(String id, byte[] body) {
    try {
      TimerDefinitionCheck.check(id, body, NOW.toEpochMilli(), config.reservedTopics());
      return Verdict.ACCEPTED;
    } catch (ApiProblem problem) {
      return Verdict.refused(problem.field());
    }
  }

  private static Verdict topic(String id, byte[] value) {
    timers.pipeInput(id.getBytes(StandardCharsets.UTF_8), value, NOW);
    List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
    if (dead.isEmpty()) {
      return Verdict.ACCEPTED;
    }
    Header field = dead.get(0).headers().lastHeader(DeadLetterHeaders.ERROR_FIELD);
    return Verdict.refused(new String(field.value(), StandardCharsets.UTF_8));
  }

  private static TimerDefinition decodeOrNull(byte[] json) {
    try {
      return AvroJson.fromJson(json, TimerDefinition.class);
    } catch (RuntimeException notADefinition) {
      return null;
    }
  }

  // Generators: each field mostly from valid values, else from a pool of its extremes, valid and
  // not, and random values of any size.

  private static <T> Arbitrary<T> mostly(Arbitrary<T> valid, Arbitrary<T> extreme) {
    return Arbitraries.frequencyOf(Tuple.of(12, valid), Tuple.of(1, extreme));
  }

  private static Arbitrary<String> durations() {
    return mostly(
        Arbitraries.longs().between(1_000, 900_000).map(ms -> Duration.ofMillis(ms) + ""),
        Arbitraries.oneOf(
            Arbitraries.of(
                "PT0S",
                "PT0.0005S",
                "PT0.001S",
                "PT0.999S",
                "PT1S",
                "PT1.0005S",
                " PT10S ",
                "P1W",
                "P7D",
                "P8D",
                "PT15M",
                "PT15M0.001S",
                "P36525D",
                "P36526D",
                "PT2562047788015215H",
                "-PT1S",
                "P1M",
                "P1Y",
                "5m",
                "",
                "P1DT2H"),
            Arbitraries.longs()
                .between(0, 4_000_000_000_000L)
                .map(ms -> Duration.ofMillis(ms) + "")));
  }

  private static Arbitrary<String> instants() {
    return mostly(
        Arbitraries.longs()
            .between(NOW.toEpochMilli(), Instant.parse("2100-01-01T00:00:00Z").toEpochMilli())
            .map(ms -> Instant.ofEpochMilli(ms).toString()),
        Arbitraries.oneOf(
            Arbitraries.of(
                "1970-01-01T00:00:00Z",
                "1969-12-31T23:59:59Z",
                "2026-06-01T10:00:00.0000001Z",
                "9999-12-31T23:59:59.999Z",
                "0000-01-01T00:00:00Z"),
            Arbitraries.longs()
                .between(0, Limits.LATEST.toEpochMilli())
                .map(ms -> Instant.ofEpochMilli(ms).toString())));
  }

  private static Arbitrary<String> quoted(Arbitrary<String> values) {
    return values.map(v -> "\"" + v + "\"");
  }

  private static Arbitrary<String> schedules() {
    Arbitrary<String> cron =
        Combinators.combine(
                quoted(
                    mostly(
                        Arbitraries.of(
                            "0 9 * * MON-FRI", "*/15 * * * *", "0 30 2 * * ?", "0 0 12 L * ?"),
                        Arbitraries.of(
                            "0 0 30 2 *",
                            "0 0 0 1 1 ? 2020",
                            "0 0 0 ? * * 2099",
                            "61 * * * *",
                            "* * * * * * * *",
                            ""))),
                quoted(
                    mostly(
                        Arbitraries.of("UTC", "Europe/Paris", "America/New_York"),
                        Arbitraries.of("Mars/Olympus", ""))))
            .as((expr, zone) -> "{\"cron\": " + expr + ", \"timeZone\": " + zone + "}");
    Arbitrary<String> at = quoted(instants()).map(i -> "{\"at\": " + i + "}");
    Arbitrary<String> after = quoted(durations()).map(d -> "{\"after\": " + d + "}");
    Arbitrary<String> every =
        Combinators.combine(
                quoted(durations()),
                quoted(Arbitraries.of("FIXED_RATE", "FIXED_DELAY")),
                Arbitraries.oneOf(Arbitraries.just("null"), quoted(instants())))
            .as(
                (period, mode, start) ->
                    "{\"every\": "
                        + period
                        + ", \"mode\": "
                        + mode
                        + ", \"startAt\": "
                        + start
                        + "}");
    return Arbitraries.oneOf(cron, at, after, every);
  }

  private static Arbitrary<String> targets() {
    Arbitrary<String> http =
        Combinators.combine(
                quoted(
                    mostly(
                        Arbitraries.of(
                            "http://example.test/hook", "https://example.test:8443/a?b=c"),
                        Arbitraries.of(
                            "ftp://example.test/",
                            "http:///nohost",
                            "http://user:secret@example.test/",
                            "not a url"))),
                quoted(mostly(Arbitraries.of("POST", "GET"), Arbitraries.of("get", "BREW"))),
                quoted(durations()),
                quoted(
                    mostly(
                        Arbitraries.of("2xx", "200-299", " 204 , 2XX"),
                        Arbitraries.of("2xx,,", "abc", "600", ""))),
                mostly(
                    Arbitraries.of(
                        "{}",
                        "{\"Content-Type\": \"application/json\"}",
                        "{\"Authorization\": \"${secret:TOKEN}\"}"),
                    Arbitraries.of(
                        "{\"Host\": \"evil\"}",
                        "{\"Idempotency-Key\": \"k\"}",
                        "{\"X-A\": \"a\\r\\nB: c\"}",
                        "{\"bad name\": \"v\"}")))
            .as(
                (url, method, timeout, codes, headers) ->
                    "{\"http\": {\"url\": "
                        + url
                        + ", \"method\": "
                        + method
                        + ", \"timeout\": "
                        + timeout
                        + ", \"successCodes\": "
                        + codes
                        + ", \"headers\": "
                        + headers
                        + "}}");
    Arbitrary<String> kafka =
        quoted(
                mostly(
                    Arbitraries.of("out", "orders.delayed"),
                    Arbitraries.of(
                        "punctual.timers",
                        "punctual.status",
                        "Punctual.commands",
                        "punctual-scheduler-timers-changelog",
                        "__consumer_offsets",
                        "_schemas",
                        "_confluent-ksql-punctual_ksql__command_topic",
                        "connect-configs",
                        "bad topic",
                        "..")))
            .map(topic -> "{\"kafka\": {\"topic\": " + topic + ", \"value\": \"v\"}}");
    return Arbitraries.oneOf(http, kafka);
  }

  private static Arbitrary<String> retries() {
    Arbitrary<String> policy =
        Combinators.combine(
                mostly(Arbitraries.of(1, 5, 1000), Arbitraries.of(0, 1001)),
                quoted(durations()),
                mostly(Arbitraries.of(1.0, 2.0, 100.0), Arbitraries.of(0.5, 100.5)),
                quoted(durations()))
            .as(
                (attempts, initial, multiplier, max) ->
                    "{\"maxAttempts\": "
                        + attempts
                        + ", \"initialBackoff\": "
                        + initial
                        + ", \"multiplier\": "
                        + multiplier
                        + ", \"maxBackoff\": "
                        + max
                        + "}");
    return Arbitraries.oneOf(Arbitraries.just("null"), policy);
  }

  @Provide
  Arbitrary<String> definitions() {
    return Combinators.combine(
            schedules(),
            targets(),
            retries(),
            quoted(durations()),
            quoted(Arbitraries.of("FIRE_ONCE", "FIRE_ALL", "SKIP")),
            quoted(Arbitraries.of("ALLOW", "FORBID", "REPLACE")),
            mostly(Arbitraries.of("null", "1", "9223372036854775807"), Arbitraries.of("0", "-1")),
            Arbitraries.oneOf(Arbitraries.just("null"), quoted(instants())))
        .as(
            (schedule, target, retry, jitter, misfire, concurrency, maxFirings, endAt) ->
                "{\"schedule\": "
                    + schedule
                    + ", \"target\": "
                    + target
                    + ", \"retry\": "
                    + retry
                    + ", \"jitter\": "
                    + jitter
                    + ", \"misfire\": "
                    + misfire
                    + ", \"concurrency\": "
                    + concurrency
                    + ", \"maxFirings\": "
                    + maxFirings
                    + ", \"endAt\": "
                    + endAt
                    + "}");
  }
}

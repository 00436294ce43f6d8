package io.punctual.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.AtSchedule;
import io.punctual.ConcurrencyPolicy;
import io.punctual.CronDialect;
import io.punctual.CronSchedule;
import io.punctual.HttpTarget;
import io.punctual.InvalidTimerException;
import io.punctual.Invocation;
import io.punctual.KafkaTarget;
import io.punctual.MisfirePolicy;
import io.punctual.Samples;
import io.punctual.StatusEvent;
import io.punctual.TimerDefinition;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AvroJsonTest {
  private static final String CRON = "\"schedule\": {\"cron\": \"0 9 * * *\"}";
  private static final String HTTP = "\"target\": {\"http\": {\"url\": \"https://x.example/\"}}";

  private static final String DESIGN_EXAMPLE =
      """
      {
        "id": "invoice-42-reminder",
        "namespace": "billing",
        "schedule": {"cron": "0 9 * * MON-FRI", "timeZone": "Europe/Paris"},
        "target": {"http": {"method": "POST", "url": "https://billing.internal/remind",
                   "headers": {"Content-Type": "application/json"}, "body": "{\\"invoice\\":42}",
                   "timeout": "PT10S", "successCodes": "2xx"}},
        "retry": {"maxAttempts": 5, "initialBackoff": "PT1S", "multiplier": 2.0, "maxBackoff": "PT5M"},
        "misfire": "FIRE_ONCE",
        "concurrency": "ALLOW",
        "paused": false,
        "startAt": null, "endAt": null, "maxFirings": null,
        "jitter": "PT0S",
        "labels": {"team": "billing"}
      }
      """;

  static Stream<SpecificRecord> records() {
    return Stream.of(
        Samples.cronTimer(),
        Samples.atTimer(),
        Samples.afterTimer(),
        Samples.everyTimer(),
        Samples.invocation(),
        Samples.statusEvent());
  }

  @ParameterizedTest
  @MethodSource("records")
  void shouldReadBackWhatItWrites(SpecificRecord record) {
    // Given
    String json = AvroJson.toJson(record);

    // When
    SpecificRecord read = AvroJson.fromJson(json, record.getClass());

    // Then
    assertEquals(record, read, json);
  }

  @Test
  void shouldReadTheDesignExample() {
    // Given
    String json = DESIGN_EXAMPLE;

    // When
    TimerDefinition timer = AvroJson.fromJson(json, TimerDefinition.class);

    // Then
    CronSchedule schedule = (CronSchedule) timer.getSchedule();
    HttpTarget target = (HttpTarget) timer.getTarget();
    assertEquals("0 9 * * MON-FRI", schedule.getCron());
    assertEquals(CronDialect.AUTO, schedule.getDialect());
    assertEquals("Europe/Paris", schedule.getTimeZone());
    assertEquals("https://billing.internal/remind", target.getUrl());
    assertEquals("{\"invoice\":42}", target.getBody());
    assertEquals(5, timer.getRetry().getMaxAttempts());
    assertEquals(null, timer.getStartAt());
    assertEquals(Map.of("team", "billing"), timer.getLabels());
  }

  @Test
  void shouldWriteTheNaturalForm() {
    // Given
    TimerDefinition cron = Samples.cronTimer();
    TimerDefinition at = Samples.atTimer();

    // When
    String cronJson = AvroJson.toJson(cron);
    String atJson = AvroJson.toJson(at);

    // Then
    assertTrue(
        cronJson.contains(
            "\"schedule\":{\"cron\":\"0 9 * * MON-FRI\",\"dialect\":\"UNIX\","
                + "\"timeZone\":\"Europe/Paris\"}"),
        cronJson);
    assertTrue(cronJson.contains("\"target\":{\"http\":{\"method\":\"POST\""), cronJson);
    assertTrue(cronJson.contains("\"startAt\":\"2026-03-08T07:00:00Z\""), cronJson);
    assertTrue(cronJson.contains("\"endAt\":\"2026-03-09T07:00:00.123Z\""), cronJson);
    assertTrue(atJson.contains("\"schedule\":{\"at\":\"2026-03-08T07:00:00.250Z\"}"), atJson);
    assertTrue(atJson.contains("\"target\":{\"kafka\":{\"topic\":\"reminders\""), atJson);
    assertFalse(atJson.contains("\"id\""), "null optional fields are left out: " + atJson);
  }

  @Test
  void shouldApplyDefaultsToAbsentFields() {
    // Given
    String json =
        "{\"schedule\": {\"at\": 1772953200000}, \"target\": {\"kafka\": {\"topic\": \"t\"}}}";

    // When
    TimerDefinition timer = AvroJson.fromJson(json, TimerDefinition.class);

    // Then
    assertEquals(Samples.AT, ((AtSchedule) timer.getSchedule()).getAt());
    assertEquals("default", timer.getNamespace());
    assertEquals(MisfirePolicy.FIRE_ONCE, timer.getMisfire());
    assertEquals(ConcurrencyPolicy.ALLOW, timer.getConcurrency());
    assertEquals("PT0S", timer.getJitter());
    assertEquals(Map.of(), timer.getLabels());
    assertEquals(Map.of(), ((KafkaTarget) timer.getTarget()).getHeaders());
  }

  @Test
  void shouldTakeANullAsAnAbsentFieldTheWayKsqlDbWritesUnsetColumns() {
    // Given every field of the definition and of each union's branches, most of them null
    String json =
        "{\"id\": null, \"namespace\": null, \"schedule\": {\"cron\": \"0 9 * * *\","
            + " \"dialect\": null, \"timeZone\": \"Europe/Paris\", \"at\": null, \"after\": null,"
            + " \"every\": null, \"mode\": null, \"startAt\": null}, \"target\": {\"http\":"
            + " {\"method\": null, \"url\": \"https://x.example/\", \"headers\": null, \"body\": null,"
            + " \"timeout\": null, \"successCodes\": null}, \"kafka\": null}, \"retry\": null,"
            + " \"misfire\": null, \"concurrency\": null, \"paused\": null, \"startAt\": null,"
            + " \"endAt\": null, \"maxFirings\": null, \"jitter\": null, \"labels\": null}";

    // When
    TimerDefinition timer = AvroJson.fromJson(json, TimerDefinition.class);

    // Then each null took the field's default
    assertEquals("Europe/Paris", ((CronSchedule) timer.getSchedule()).getTimeZone());
    assertEquals(CronDialect.AUTO, ((CronSchedule) timer.getSchedule()).getDialect());
    assertEquals("default", timer.getNamespace());
    assertEquals(MisfirePolicy.FIRE_ONCE, timer.getMisfire());
    assertEquals("POST", ((HttpTarget) timer.getTarget()).getMethod());
    assertEquals(Map.of(), timer.getLabels());
  }

  @Test
  void shouldStillRefuseAnUnknownFieldOrARequiredOneThatIsNull() {
    InvalidTimerException unknown =
        assertThrows(
            InvalidTimerException.class,
            () ->
                AvroJson.fromJson(
                    "{" + CRON + ", " + HTTP + ", \"bogus\": null}", TimerDefinition.class));
    assertEquals("bogus", unknown.field());
    InvalidTimerException required =
        assertThrows(
            InvalidTimerException.class,
            () ->
                AvroJson.fromJson(
                    "{\"schedule\": {\"cron\": null, \"at\": null}, " + HTTP + "}",
                    TimerDefinition.class));
    assertEquals("schedule", required.field());
    InvalidTimerException nullUrl =
        assertThrows(
            InvalidTimerException.class,
            () ->
                AvroJson.fromJson(
                    "{" + CRON + ", \"target\": {\"http\": {\"url\": null}}}",
                    TimerDefinition.class));
    assertEquals("target.http.url", nullUrl.field());
    assertTrue(nullUrl.getMessage().contains("required field is null"), nullUrl.getMessage());
  }

  @Test
  void shouldReadInstantsWithAnOffsetOrAsEpochMillis() {
    // Given
    String withOffset = timer("\"startAt\": \"2026-03-08T08:00:00.5+01:00\"");
    String asMillis = timer("\"startAt\": 1772953200500");

    // When
    TimerDefinition fromOffset = AvroJson.fromJson(withOffset, TimerDefinition.class);
    TimerDefinition fromMillis = AvroJson.fromJson(asMillis, TimerDefinition.class);

    // Then
    assertEquals(Instant.parse("2026-03-08T07:00:00.500Z"), fromOffset.getStartAt());
    assertEquals(fromOffset.getStartAt(), fromMillis.getStartAt());
  }

  @Test
  void shouldRoundSubMillisecondInstantsUpSoNothingFiresEarly() {
    // Given an instant with microseconds
    String json = timer("\"startAt\": \"2026-03-08T07:00:00.000001Z\"");

    // When
    TimerDefinition timer = AvroJson.fromJson(json, TimerDefinition.class);

    // Then
    assertEquals(Instant.parse("2026-03-08T07:00:00.001Z"), timer.getStartAt());
  }

  @Test
  void shouldReadUtf8Bytes() {
    // Given
    byte[] json = timer("\"labels\": {\"owner\": \"Zoë\"}").getBytes(StandardCharsets.UTF_8);

    // When
    TimerDefinition timer = AvroJson.fromJson(json, TimerDefinition.class);

    // Then
    assertEquals("Zoë", timer.getLabels().get("owner"));
  }

  @Test
  void shouldReadAndWriteAKafkaTargetsBytesAsBase64AndItsTextAsStrings() {
    // Given a Kafka target whose key is text, whose value and one header are bytes
    String json =
        "{"
            + CRON
            + ", \"target\": {\"kafka\": {\"topic\": \"t\", \"key\": \"k\","
            + " \"value\": {\"base64\": \"AP8Q\"},"
            + " \"headers\": {\"a\": \"text\", \"b\": {\"base64\": \"AQI=\"}}}}}";

    // When it is read
    KafkaTarget target = (KafkaTarget) AvroJson.fromJson(json, TimerDefinition.class).getTarget();

    // Then text stays text and bytes are bytes
    assertEquals("k", target.getKey().toString());
    assertEquals(ByteBuffer.wrap(new byte[] {0, -1, 16}), target.getValue());
    assertEquals("text", target.getHeaders().get("a").toString());
    assertEquals(ByteBuffer.wrap(new byte[] {1, 2}), target.getHeaders().get("b"));

    // And it is written back the same way
    String written = AvroJson.toJson(target);
    assertTrue(written.contains("\"key\":\"k\""), written);
    assertTrue(written.contains("\"value\":{\"base64\":\"AP8Q\"}"), written);
    assertTrue(written.contains("\"b\":{\"base64\":\"AQI=\"}"), written);
  }

  static Stream<Arguments> invalidDocuments() {
    return Stream.of(
        invalid(
            "{" + CRON + ", \"target\": {\"kafka\": {\"topic\": \"t\", \"value\": 7}}}",
            "target.kafka.value",
            "expected a string, or {\"base64\": \"...\"} for bytes"),
        invalid(
            "{"
                + CRON
                + ", \"target\": {\"kafka\": {\"topic\": \"t\", \"key\": {\"base64\":"
                + " \"not base64!\"}}}}",
            "target.kafka.key.base64",
            "not standard base64"),
        invalid(
            "{"
                + CRON
                + ", \"target\": {\"kafka\": {\"topic\": \"t\", \"headers\": {\"h\":"
                + " {\"hex\": \"00\"}}}}}",
            "target.kafka.headers.h",
            "expected a string, or"),
        invalid(timer("\"colour\": \"red\""), "colour", "unknown field"),
        invalid(
            "{\"schedule\": {\"cron\": \"x\", \"zone\": \"UTC\"}, " + HTTP + "}",
            "schedule.zone",
            "unknown field"),
        invalid(
            "{" + CRON + ", \"target\": {\"http\": {\"url\": \"u\", \"verb\": \"GET\"}}}",
            "target.http.verb",
            "unknown field"),
        invalid("{" + HTTP + "}", "schedule", "required field is missing"),
        invalid("{" + CRON + ", \"target\": {\"http\": {}}}", "target.http.url", "required field"),
        invalid(timer("\"paused\": \"yes\""), "paused", "expected true or false, got the string"),
        invalid(
            timer("\"labels\": {\"team\": null}"), "labels.team", "expected a string, got null"),
        invalid(
            "{" + CRON + ", \"target\": {\"http\": {\"url\": 42}}}",
            "target.http.url",
            "expected a string, got the number 42"),
        invalid(timer("\"labels\": {\"team\": 7}"), "labels.team", "expected a string"),
        invalid(timer("\"labels\": [\"a\"]"), "labels", "expected an object, got an array"),
        invalid(
            timer("\"misfire\": \"SOMETIMES\""),
            "misfire",
            "unknown value 'SOMETIMES', expected one of FIRE_ONCE, FIRE_ALL, SKIP"),
        invalid(timer("\"concurrency\": \"UNKNOWN\""), "concurrency", "unknown value 'UNKNOWN'"),
        invalid(
            "{\"schedule\": {\"cron\": \"x\", \"dialect\": \"VIXIE\"}, " + HTTP + "}",
            "schedule.dialect",
            "expected one of AUTO, UNIX, QUARTZ, SPRING"),
        invalid(
            "{\"schedule\": {\"every\": \"PT1M\", \"mode\": 1}, " + HTTP + "}",
            "schedule.mode",
            "expected one of FIXED_RATE, FIXED_DELAY, got the number 1"),
        invalid(
            "{\"schedule\": {\"cron\": \"x\", \"at\": 0}, " + HTTP + "}",
            "schedule",
            "expected exactly one of cron, at, after, every, found cron, at"),
        invalid(
            "{\"schedule\": {\"timeZone\": \"UTC\"}, " + HTTP + "}",
            "schedule",
            "expected exactly one of cron, at, after, every, found none"),
        invalid(
            "{"
                + CRON
                + ", \"target\": {\"http\": {\"url\": \"u\"}, \"kafka\": {\"topic\": \"t\"}}}",
            "target",
            "found http, kafka"),
        invalid(
            "{" + CRON + ", \"target\": {\"http\": {\"url\": \"u\"}, \"url\": \"u\"}}",
            "target.url",
            "'http' must be the only key"),
        invalid("{" + CRON + ", \"target\": {\"url\": \"u\"}}", "target", "found none"),
        invalid("{" + CRON + ", \"target\": \"http\"}", "target", "expected an object"),
        invalid(timer("\"startAt\": \"tomorrow\""), "startAt", "expected an ISO-8601 instant"),
        invalid(timer("\"startAt\": true"), "startAt", "expected an ISO-8601 instant"),
        invalid(
            "{\"schedule\": {\"at\": \"2026-13-01T00:00:00Z\"}, " + HTTP + "}",
            "schedule.at",
            "expected an ISO-8601 instant"),
        invalid(timer("\"retry\": {\"maxAttempts\": 3000000000}"), "retry.maxAttempts", "range"),
        invalid(timer("\"retry\": {\"maxAttempts\": 1.5}"), "retry.maxAttempts", "an integer"),
        invalid(timer("\"retry\": {\"multiplier\": \"2\"}"), "retry.multiplier", "a number"),
        invalid("[1]", "$", "expected an object, got an array"),
        invalid("{\"schedule\":", "$", "invalid JSON"),
        invalid(timer("\"paused\": true") + " x", "$", "invalid JSON"),
        invalid(timer("\"paused\": true") + "{}", "$", "invalid JSON"),
        invalid(timer("\"paused\": true, \"paused\": false"), "$", "Duplicate field"),
        invalid("{'schedule': 1}", "$", "invalid JSON"),
        invalid("  ", "$", "empty document"));
  }

  @ParameterizedTest
  @MethodSource("invalidDocuments")
  void shouldRejectInvalidInputNamingTheField(String json, String field, String reason) {
    // Given a document with one mistake

    // When
    InvalidTimerException e =
        assertThrows(
            InvalidTimerException.class, () -> AvroJson.fromJson(json, TimerDefinition.class));

    // Then
    assertEquals(field, e.field(), e.getMessage());
    assertTrue(e.reason().contains(reason), e.getMessage());
  }

  @Test
  void shouldRejectNestingDeeperThanTheBound() {
    // Given
    int depth = AvroJson.MAX_NESTING_DEPTH + 1;
    String json = "[".repeat(depth) + "]".repeat(depth);

    // When
    InvalidTimerException e =
        assertThrows(
            InvalidTimerException.class, () -> AvroJson.fromJson(json, TimerDefinition.class));

    // Then
    assertEquals("$", e.field());
    assertTrue(e.reason().contains("nesting depth"), e.getMessage());
  }

  @Test
  void shouldRejectStringsLongerThanTheBound() {
    // Given
    String body = "x".repeat(AvroJson.MAX_STRING_LENGTH + 1);
    String json =
        "{" + CRON + ", \"target\": {\"http\": {\"url\": \"u\", \"body\": \"" + body + "\"}}}";

    // When
    InvalidTimerException e =
        assertThrows(
            InvalidTimerException.class, () -> AvroJson.fromJson(json, TimerDefinition.class));

    // Then
    assertEquals("$", e.field());
    assertTrue(e.reason().contains("String value length"), e.getMessage());
  }

  @Test
  void shouldRejectDocumentsLongerThanTheBoundAsTextAndAsBytes() {
    // Given a valid timer padded with whitespace past the document bound
    String json =
        "{"
            + CRON
            + ", \"target\": {\"http\": {\"url\": \"u\"}}"
            + " ".repeat((int) AvroJson.MAX_DOCUMENT_LENGTH)
            + "}";
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);

    // When
    InvalidTimerException asText =
        assertThrows(
            InvalidTimerException.class, () -> AvroJson.fromJson(json, TimerDefinition.class));
    InvalidTimerException asBytes =
        assertThrows(
            InvalidTimerException.class, () -> AvroJson.fromJson(bytes, TimerDefinition.class));

    // Then
    for (InvalidTimerException e : new InvalidTimerException[] {asText, asBytes}) {
      assertEquals("$", e.field());
      assertTrue(e.reason().contains("Document length"), e.getMessage());
    }
  }

  @Test
  void shouldRejectNamesLongerThanTheBound() {
    // Given a label key longer than the name bound
    String key = "k".repeat(AvroJson.MAX_NAME_LENGTH + 1);
    String json =
        "{"
            + CRON
            + ", \"target\": {\"http\": {\"url\": \"u\"}}, \"labels\": {\""
            + key
            + "\": \"v\"}}";

    // When
    InvalidTimerException e =
        assertThrows(
            InvalidTimerException.class, () -> AvroJson.fromJson(json, TimerDefinition.class));

    // Then
    assertEquals("$", e.field());
    assertTrue(e.reason().contains("Name length"), e.getMessage());
  }

  @Test
  void shouldRejectBytesThatAreNotUtf8() {
    // Given
    byte[] json = {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'};

    // When
    InvalidTimerException e =
        assertThrows(
            InvalidTimerException.class, () -> AvroJson.fromJson(json, TimerDefinition.class));

    // Then
    assertEquals("$", e.field());
    assertTrue(e.reason().contains("invalid JSON"), e.getMessage());
  }

  @Test
  void shouldRejectUnknownFieldsOfInvocations() {
    // Given
    String json = AvroJson.toJson(Samples.invocation()).replace("\"attempt\"", "\"attempts\"");

    // When
    InvalidTimerException e =
        assertThrows(InvalidTimerException.class, () -> AvroJson.fromJson(json, Invocation.class));

    // Then
    assertEquals("attempts", e.field());
  }

  @Test
  void shouldLeaveOutNullOptionalFieldsOfStatusEvents() {
    // Given
    StatusEvent event = Samples.statusEvent();

    // When
    String json = AvroJson.toJson(event);

    // Then
    assertFalse(json.contains("error"), json);
    assertTrue(json.contains("\"type\":\"SUCCEEDED\""), json);
  }

  private static String timer(String extraFields) {
    return "{" + CRON + ", " + HTTP + ", " + extraFields + "}";
  }

  private static Arguments invalid(String json, String field, String reason) {
    return Arguments.of(json, field, reason);
  }
}

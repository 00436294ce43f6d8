package io.punctual.scheduler.internals.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.InvalidTimerException;
import io.punctual.TimerDefinition;
import io.punctual.contract.Limits;
import io.punctual.contract.ReservedTopics;
import io.punctual.json.AvroJson;
import io.punctual.scheduler.internals.scheduling.FiringPlans;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Definitions that are well-formed JSON but must not be accepted, and extremes that may be. */
class TimerValidatorTest {
  private static final long NOW = Instant.parse("2026-06-01T10:00:00Z").toEpochMilli();
  private static final TimerValidator VALIDATOR =
      new TimerValidator(new FiringPlans(), ReservedTopics.DEFAULT);

  private static TimerDefinition definition(String schedule, String target, String extra) {
    String json = "{\"schedule\": " + schedule + ", \"target\": " + target + extra + "}";
    // BIG stands for bytes one past the largest payload
    json =
        json.replace(
            "\"BIG\"",
            "\""
                + Base64.getEncoder().encodeToString(new byte[Limits.MAX_PAYLOAD_BYTES + 1])
                + "\"");
    return AvroJson.fromJson(json.getBytes(StandardCharsets.UTF_8), TimerDefinition.class);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          jitter overflow       | {"every": "PT1S"}            | {"kafka": {"topic": "out"}} | , "jitter": "PT2562047788015215H" | jitter
          jitter of weeks       | {"every": "PT1S"}            | {"kafka": {"topic": "out"}} | , "jitter": "P2W"                 | jitter
          sub-ms delay          | {"after": "PT0.0005S"}       | {"kafka": {"topic": "out"}} | ,"labels": {}                     | schedule.after
          sub-ms period         | {"every": "PT1.0005S"}       | {"kafka": {"topic": "out"}} | ,"labels": {}                     | schedule.every
          period under 1 s      | {"every": "PT0.5S"}          | {"kafka": {"topic": "out"}} | ,"labels": {}                     | schedule.every
          huge period           | {"every": "PT9223372036854775807S"} | {"kafka": {"topic": "out"}} | ,"labels": {}              | schedule.every
          huge delay            | {"after": "P99999D"}         | {"kafka": {"topic": "out"}} | ,"labels": {}                     | schedule.after
          week timeout          | {"every": "PT1S"}            | {"http": {"url": "http://x/", "timeout": "P1W"}} | ,"labels": {} | target.http.timeout
          own timers topic      | {"every": "PT1S"}            | {"kafka": {"topic": "punctual.timers"}} | ,"labels": {}         | target.kafka.topic
          own status topic      | {"every": "PT1S"}            | {"kafka": {"topic": "PUNCTUAL.status"}} | ,"labels": {}         | target.kafka.topic
          changelog topic       | {"every": "PT1S"}            | {"kafka": {"topic": "punctual-scheduler-timers-changelog"}} | ,"labels": {} | target.kafka.topic
          Kafka internal topic  | {"every": "PT1S"}            | {"kafka": {"topic": "__consumer_offsets"}} | ,"labels": {}      | target.kafka.topic
          secret in Kafka header| {"every": "PT1S"}            | {"kafka": {"topic": "out", "headers": {"auth": "${secret:TOKEN}"}}} | ,"labels": {} | target.kafka.headers.auth
          Punctual's Kafka header| {"every": "PT1S"}           | {"kafka": {"topic": "out", "headers": {"Punctual-Invocation-Id": "x@1"}}} | ,"labels": {} | target.kafka.headers.Punctual-Invocation-Id
          Punctual's bytes header| {"every": "PT1S"}           | {"kafka": {"topic": "out", "headers": {"punctual-timer-id": {"base64": "eA=="}}}} | ,"labels": {} | target.kafka.headers.punctual-timer-id
          oversized bytes value | {"every": "PT1S"}            | {"kafka": {"topic": "out", "value": {"base64": "BIG"}}} | ,"labels": {} | target.kafka.value
          Host header           | {"every": "PT1S"}            | {"http": {"url": "http://x/", "headers": {"Host": "evil"}}} | ,"labels": {} | target.http.headers.Host
          Idempotency-Key header| {"every": "PT1S"}            | {"http": {"url": "http://x/", "headers": {"idempotency-key": "k"}}} | ,"labels": {} | target.http.headers.idempotency-key
          header line break     | {"every": "PT1S"}            | {"http": {"url": "http://x/", "headers": {"X-A": "a\\r\\nHost: evil"}}} | ,"labels": {} | target.http.headers.X-A
          credentials in URL    | {"every": "PT1S"}            | {"http": {"url": "http://u:p@x/"}} | ,"labels": {}              | target.http.url
          years all past        | {"cron": "0 0 0 1 1 ? 2020"} | {"kafka": {"topic": "out"}} | ,"labels": {}                     | schedule
          blank success codes   | {"every": "PT1S"}            | {"http": {"url": "http://x/", "successCodes": "2xx,,"}} | ,"labels": {} | target.http.successCodes
          backoff overflow      | {"every": "PT1S"}            | {"kafka": {"topic": "out"}} | , "retry": {"maxAttempts": 5, "initialBackoff": "PT2562047788015215H"} | retry.initialBackoff
          """)
  void shouldRefuseNamingTheField(
      String kind, String schedule, String target, String extra, String field) {
    // Given a well-formed definition that breaks a rule
    TimerDefinition definition = definition(schedule, target, extra);

    // When it is validated
    InvalidTimerException error =
        assertThrows(InvalidTimerException.class, () -> VALIDATOR.validate("t", definition, NOW));

    // Then the error names the field
    assertEquals(field, error.field(), error.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          longest jitter  | {"every": "PT1S"}                | , "jitter": "P7D"
          longest delay   | {"after": "P36525D"}             | , "jitter": "P7D"
          longest period  | {"every": "P36525D"}             | , "jitter": "PT0S"
          last instant    | {"at": "9999-12-31T23:59:59.999Z"} | , "jitter": "PT0S"
          startAt at end  | {"every": "PT1S", "startAt": "9999-12-31T23:59:59Z"} | , "jitter": "PT0S"
          """)
  void shouldAcceptTheExtremesOfEachRange(String kind, String schedule, String extra) {
    // Given a definition at the edge of its ranges
    TimerDefinition definition = definition(schedule, "{\"kafka\": {\"topic\": \"out\"}}", extra);

    // When / Then it is accepted, with a plan
    assertNotNull(VALIDATOR.validate("t", definition, NOW));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"253402300800000", "9223372036854775807"})
  void shouldRefuseARecordTimestampPast9999(long timestamp) {
    // Given a delay counted from a record timestamp past 9999-12-31
    TimerDefinition definition =
        definition("{\"after\": \"PT1H\"}", "{\"kafka\": {\"topic\": \"out\"}}", "");

    // When / Then it is refused as a whole
    InvalidTimerException error =
        assertThrows(
            InvalidTimerException.class, () -> VALIDATOR.validate("t", definition, timestamp));
    assertTrue(error.getMessage().contains("9999"), error.getMessage());
  }
}

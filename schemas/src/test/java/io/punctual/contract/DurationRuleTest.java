package io.punctual.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.InvalidTimerException;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationRuleTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "PT5M, PT5M",
    "PT1.5S, PT1.5S",
    "P1D, PT24H",
    "P1DT2H, PT26H",
    "P2W, PT336H",
    "P1W3D, PT240H",
    "' pt10s ', PT10S"
  })
  void shouldParseIsoDurationsIncludingDaysAndWeeks(String text, String expected) {
    assertEquals(Duration.parse(expected), DurationRule.EVERY.parse(text));
    assertEquals(expected, DurationRule.EVERY.canonical(text));
  }

  @ParameterizedTest(name = "{0} [{1}]")
  @CsvSource(
      delimiter = '|',
      nullValues = "null",
      textBlock =
          """
          schedule.every       | PT0S                    | must be between
          schedule.every       | PT0.999S                | must be between
          schedule.every       | PT1.0005S               | whole number of milliseconds
          schedule.after       | PT0.0005S               | whole number of milliseconds
          schedule.every       | -PT5M                   | must not be negative
          schedule.every       | 5m                      | not an ISO-8601 duration
          schedule.every       | P1M                     | months and years have no fixed length
          schedule.every       | P1Y                     | months and years have no fixed length
          schedule.every       | null                    | is required
          schedule.every       | ''                      | is required
          schedule.every       | PT9223372036854775807S  | must be between
          schedule.after       | P36526D                 | must be between
          jitter               | PT2562047788015215H     | must be between
          jitter               | P8D                     | must be between
          target.http.timeout  | P1W                     | must be between
          target.http.timeout  | PT0S                    | must be between
          retry.initialBackoff | P1000W                  | must be between
          retry.maxBackoff     | PT99999999999999999999S | not an ISO-8601 duration
          """)
  void shouldRejectBadDurationsNamingTheField(String field, String text, String reason) {
    // Given the field's rule
    DurationRule rule = rule(field);

    // When
    InvalidTimerException error = assertThrows(InvalidTimerException.class, () -> rule.parse(text));

    // Then
    assertEquals(field, error.field());
    assertTrue(error.reason().contains(reason), error.reason());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"PT0S", "P0D"})
  void shouldAcceptZeroWhereTheRuleStartsAtZero(String text) {
    assertEquals(Duration.ZERO, DurationRule.JITTER.parse(text));
    assertEquals(Duration.ZERO, DurationRule.AFTER.parse(text));
  }

  private static DurationRule rule(String field) {
    for (DurationRule rule :
        new DurationRule[] {
          DurationRule.AFTER,
          DurationRule.EVERY,
          DurationRule.JITTER,
          DurationRule.TIMEOUT,
          DurationRule.INITIAL_BACKOFF,
          DurationRule.MAX_BACKOFF
        }) {
      if (rule.field().equals(field)) {
        return rule;
      }
    }
    throw new IllegalArgumentException(field);
  }
}

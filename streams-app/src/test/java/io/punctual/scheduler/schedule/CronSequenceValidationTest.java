package io.punctual.scheduler.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.CronDialect;
import io.punctual.InvalidTimerException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rejection of bad cron definitions, with the offending field named. */
class CronSequenceValidationTest {

  @ParameterizedTest(name = "[{0}] ({1}) in {2}")
  @CsvSource(
      delimiter = '|',
      nullValues = "null",
      textBlock =
          """
          0 0 30 2 *          | AUTO    | null            | schedule.cron     | can never fire
          0 0 0 31 4 ?        | QUARTZ  | null            | schedule.cron     | can never fire
          0 0 0 30 2 ? 2030   | QUARTZ  | null            | schedule.cron     | can never fire
          0 0 0 31 2 FRI      | SPRING  | null            | schedule.cron     | can never fire
          60 * * * *          | AUTO    | null            | schedule.cron     | not in range
          0 0 * * 8           | UNIX    | null            | schedule.cron     | not in range
          0 0 12 * * *        | QUARTZ  | null            | schedule.cron     | day-of-week AND a day-of-month
          0 0 12 ? * ?        | QUARTZ  | null            | schedule.cron     | day-of-week AND a day-of-month
          0 0 L * *           | UNIX    | null            | schedule.cron     | Invalid chars
          0 0 12 ? * 6#3 1969 | QUARTZ  | null            | schedule.cron     | invalid QUARTZ cron
          * * * *             | AUTO    | null            | schedule.cron     | expected 5 fields
          * * * * * * * *     | AUTO    | null            | schedule.cron     | expected 5 fields
          * * * * * *         | UNIX    | null            | schedule.cron     | invalid UNIX cron
          @daily              | UNIX    | null            | schedule.cron     | invalid UNIX cron
          hello world         | AUTO    | null            | schedule.cron     | expected 5 fields
          0 0 * * *           | AUTO    | Mars/Olympus    | schedule.timeZone | unknown time zone 'Mars/Olympus'
          0 0 * * *           | AUTO    | ''              | schedule.timeZone | unknown time zone
          0 0 * * *           | UNKNOWN | null            | schedule.dialect  | unknown dialect
          """)
  void shouldRejectAnInvalidDefinitionNamingTheField(
      String expression, CronDialect dialect, String zone, String field, String reason) {
    // When
    InvalidTimerException error =
        assertThrows(
            InvalidTimerException.class, () -> CronSequence.parse(expression, dialect, zone));

    // Then
    assertEquals(field, error.field());
    assertTrue(error.reason().contains(reason), error.reason());
  }

  @Test
  void shouldRejectAMissingExpression() {
    InvalidTimerException error =
        assertThrows(InvalidTimerException.class, () -> CronSequence.parse(" ", null, null));

    assertEquals("schedule.cron", error.field());
  }

  @Test
  void shouldRejectCompositeExpressions() {
    InvalidTimerException error =
        assertThrows(
            InvalidTimerException.class,
            () -> CronSequence.parse("0 0 * * *||5 * * * *", null, null));

    assertEquals("schedule.cron", error.field());
  }

  @Test
  void shouldDefaultToUtcAndInferTheDialect() {
    // Given
    CronSequence unix = CronSequence.parse("0 9 * * *", null, null);
    CronSequence quartz = CronSequence.parse("0 0 9 * * ?", CronDialect.AUTO, null);

    // When
    Instant nextUnix = unix.next(Instant.parse("2026-06-01T10:00:00Z"));
    Instant nextQuartz = quartz.next(Instant.parse("2026-06-01T10:00:00Z"));

    // Then
    assertEquals(Instant.parse("2026-06-02T09:00:00Z"), nextUnix);
    assertEquals(nextUnix, nextQuartz);
  }

  @Test
  void shouldAcceptAnExpressionWhoseYearsArePast() {
    // Given a Quartz cron that fired in 2020 only
    CronSequence past = CronSequence.parse("0 0 12 1 1 ? 2020", null, "Europe/Paris");

    // When / Then: valid, but nothing is left to fire
    assertEquals(null, past.next(Instant.parse("2026-01-01T00:00:00Z")));
  }

  @ParameterizedTest(name = "{0} ({1})")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          0 * * * *         | UNIX   | true
          */5 9 * * *       | UNIX   | true
          0 9-17 * * *      | UNIX   | true
          30 1 * * *        | UNIX   | false
          0,30 1,2 * * *    | UNIX   | false
          * 30 1 * * ?      | QUARTZ | true
          0 30 1 * * ?      | QUARTZ | false
          0 30 1 * * *      | SPRING | false
          @hourly           | SPRING | true
          """)
  void shouldTellIntervalLikeExpressionsFromFixedTimes(
      String expression, CronDialect dialect, boolean intervalLike) {
    assertEquals(intervalLike, CronSequence.parse(expression, dialect, null).intervalLike());
  }

  @Test
  void shouldReturnNothingAfterTheEndOfTime() {
    CronSequence everyMinute = CronSequence.parse("* * * * *", null, "America/New_York");

    assertEquals(null, everyMinute.next(Instant.MAX));
    assertFalse(everyMinute.next(Instant.MIN) == null);
  }
}

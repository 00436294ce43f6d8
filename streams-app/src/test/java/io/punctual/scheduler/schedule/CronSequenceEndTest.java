package io.punctual.scheduler.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.CronDialect;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A schedule that has no instant left says so at once: {@code next} is null, never a long search.
 */
class CronSequenceEndTest {

  @Test
  void shouldTellWhetherAScheduleFiresAfterAnInstant() {
    // Given a Quartz schedule whose only year is 2020
    CronSequence sequence = CronSequence.parse("0 0 0 1 1 ? 2020", CronDialect.QUARTZ, null);

    // When / Then
    assertTrue(sequence.firesAfter(Instant.parse("2019-12-31T23:59:59Z")));
    assertFalse(sequence.firesAfter(Instant.parse("2020-01-01T00:00:00Z")));
    assertFalse(sequence.firesAfter(Instant.parse("2026-01-01T00:00:00Z")));
    assertFalse(new SingleInstant(Instant.EPOCH).firesAfter(Instant.EPOCH));
  }

  @ParameterizedTest(name = "{0} ({1}) in {2} after {3}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # years all past
          0 0 0 1 1 ? 2020          | QUARTZ | UTC              | 2026-01-01T00:00:00Z
          0 0 0 1 1 ? 1970-2020/5   | QUARTZ | America/New_York | 2026-01-01T00:00:00Z
          # the last leap day Quartz's years hold, then nothing up to 2099
          0 0 0 29 2 ? 2096-2099    | QUARTZ | UTC              | 2096-02-29T00:00:00Z
          0 0 0 LW 2 ? 2099         | QUARTZ | Europe/Paris     | 2099-02-27T00:00:00Z
          # rare days whose next occurrence lies past 9999-12-31
          0 0 0 29 2 MON            | SPRING | UTC              | 9988-03-01T00:00:00Z
          0 0 13 * 5                | UNIX   | Pacific/Kiritimati | 9999-12-31T00:00:00Z
          0 0 29 2 *                | UNIX   | America/New_York | 9996-02-29T05:00:00Z
          0 0 0 ? 2 MON#5           | QUARTZ | Australia/Lord_Howe | 9990-01-01T00:00:00Z
          # the end of the range, and beyond
          59 59 23 31 12 *          | SPRING | UTC              | 9999-12-31T23:59:59Z
          * * * * *                 | UNIX   | Etc/GMT+12       | 9999-12-31T23:59:59Z
          * * * * *                 | UNIX   | UTC              | +1000000000-12-31T23:59:59Z
          """)
  void shouldAnswerNullQuicklyWhenNothingIsLeft(
      String expression, CronDialect dialect, String zone, String after) {
    // Given
    CronSequence sequence = CronSequence.parse(expression, dialect, zone);

    // When
    Instant next =
        assertTimeoutPreemptively(
            Duration.ofMillis(500), () -> sequence.next(Instant.parse(after)));

    // Then
    assertNull(next);
  }

  @Test
  void shouldStillFindTheLastInstantBeforeTheEndOfTheRange() {
    CronSequence sequence = CronSequence.parse("0 0 29 2 *", CronDialect.UNIX, null);

    assertEquals(
        Instant.parse("9996-02-29T00:00:00Z"),
        sequence.next(Instant.parse("9992-02-29T00:00:00Z")));
  }
}

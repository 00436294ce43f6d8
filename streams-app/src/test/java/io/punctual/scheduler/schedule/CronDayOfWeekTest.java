package io.punctual.scheduler.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.CronDialect;
import io.punctual.InvalidTimerException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Day-of-week fields, names and numbers, in each dialect's numbering: UNIX as Vixie cron (SUN = 0,
 * 7 is Sunday too), QUARTZ with SUN = 1, SPRING with SUN = 0 or 7.
 */
class CronDayOfWeekTest {
  /** A Monday: two weeks from it hold every day of week twice. */
  private static final Instant MONDAY = Instant.parse("2026-01-05T00:00:00Z");

  @ParameterizedTest(name = "UNIX {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          Sun-Tue     | SUN MON TUE
          SUN-SAT     | SUN MON TUE WED THU FRI SAT
          sun-sat/2   | SUN TUE THU SAT
          SUN-TUE/2   | SUN TUE
          MON-FRI/2   | MON WED FRI
          mon-fri     | MON TUE WED THU FRI
          Wed-Sat     | WED THU FRI SAT
          Sun,Tue     | SUN TUE
          SUN,0,7     | SUN
          0-2         | SUN MON TUE
          0-6/3       | SUN WED SAT
          0-7         | SUN MON TUE WED THU FRI SAT
          5-7         | FRI SAT SUN
          7           | SUN
          0           | SUN
          SUN/2       | SUN TUE THU SAT
          */2         | SUN TUE THU SAT
          Mon-Wed,Fri | MON TUE WED FRI
          """)
  void shouldNumberDayNamesAsVixieCronDoesInUnix(String field, String days) {
    assertEquals(days(days), firingDays("0 0 * * " + field, CronDialect.UNIX));
  }

  @ParameterizedTest(name = "UNIX {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          Sat-Sun   | SAT SUN
          THU-SUN   | THU FRI SAT SUN
          5-0       | FRI SAT SUN
          Mon-Sun/2 | MON WED FRI SUN
          """)
  void shouldEndARangeOnSundayAsCroniterDoesThoughVixieCronRefusesIt(String field, String days) {
    assertEquals(days(days), firingDays("0 0 * * " + field, CronDialect.UNIX));
  }

  @ParameterizedTest(name = "UNIX {0}")
  @ValueSource(strings = {"FRI-MON", "Sat-Tue", "5-1", "6-2/2", "Sun,Fri-Mon"})
  void shouldRefuseAWrapAroundRangeAsVixieCronAndCroniterDo(String field) {
    // When
    InvalidTimerException e =
        assertThrows(
            InvalidTimerException.class,
            () -> CronSequence.parse("0 0 * * " + field, CronDialect.UNIX, null));

    // Then
    assertEquals("schedule.cron", e.field());
    assertTrue(e.reason().contains("wraps around the week"), e.getMessage());
  }

  @ParameterizedTest(name = "QUARTZ {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          SUN-TUE   | SUN MON TUE
          1-3       | SUN MON TUE
          2-6       | MON TUE WED THU FRI
          MON-FRI/2 | MON WED FRI
          SAT-SUN   | SAT SUN
          FRI-MON   | FRI SAT SUN MON
          7         | SAT
          1         | SUN
          """)
  void shouldNumberSundayOneInQuartz(String field, String days) {
    assertEquals(days(days), firingDays("0 0 0 ? * " + field, CronDialect.QUARTZ));
  }

  @ParameterizedTest(name = "SPRING {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          SUN-TUE   | SUN MON TUE
          0-2       | SUN MON TUE
          5-7       | FRI SAT SUN
          SAT-SUN   | SAT SUN
          MON-FRI/2 | MON WED FRI
          7         | SUN
          0         | SUN
          """)
  void shouldNumberSundayZeroOrSevenInSpring(String field, String days) {
    assertEquals(days(days), firingDays("0 0 0 * * " + field, CronDialect.SPRING));
  }

  private static Set<DayOfWeek> firingDays(String expression, CronDialect dialect) {
    CronSequence sequence = CronSequence.parse(expression, dialect, null);
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    Instant end = MONDAY.plusSeconds(14 * 86_400L);
    for (Instant t = sequence.next(MONDAY.minusSeconds(1)); t.isBefore(end); t = sequence.next(t)) {
      days.add(t.atOffset(ZoneOffset.UTC).getDayOfWeek());
    }
    return days;
  }

  private static Set<DayOfWeek> days(String names) {
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    Arrays.stream(names.trim().split("\\s+"))
        .map(name -> Arrays.stream(DayOfWeek.values()).filter(d -> d.name().startsWith(name)))
        .forEach(matches -> matches.forEach(days::add));
    return days;
  }
}

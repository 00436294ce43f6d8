package io.punctual.scheduler.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.punctual.CronDialect;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Field semantics of the UNIX, QUARTZ and SPRING dialects, evaluated in UTC. */
class CronDialectTest {

  @ParameterizedTest(name = "{0} ({1}) after {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # leap days
          0 0 29 2 *            | AUTO   | 2025-01-01T00:00:00Z | 2028-02-29T00:00:00Z 2032-02-29T00:00:00Z
          0 0 0 29 2 ?          | QUARTZ | 2028-02-29T00:00:00Z | 2032-02-29T00:00:00Z
          # UNIX: both day fields restricted = either matches (Vixie); one starting with * = both must match
          0 0 13 * 5            | UNIX   | 2026-01-01T00:00:00Z | 2026-01-02T00:00:00Z 2026-01-09T00:00:00Z 2026-01-13T00:00:00Z 2026-01-16T00:00:00Z
          0 0 1,15 * MON        | UNIX   | 2026-01-01T12:00:00Z | 2026-01-05T00:00:00Z 2026-01-12T00:00:00Z 2026-01-15T00:00:00Z 2026-01-19T00:00:00Z
          0 0 */2 * MON         | UNIX   | 2026-01-01T00:00:00Z | 2026-01-05T00:00:00Z 2026-01-19T00:00:00Z 2026-02-09T00:00:00Z
          0 0 * * MON           | UNIX   | 2026-01-01T00:00:00Z | 2026-01-05T00:00:00Z 2026-01-12T00:00:00Z
          0 0 1 * *             | UNIX   | 2026-01-01T00:00:00Z | 2026-02-01T00:00:00Z 2026-03-01T00:00:00Z
          0 0 * * 7             | UNIX   | 2026-01-01T00:00:00Z | 2026-01-04T00:00:00Z 2026-01-11T00:00:00Z
          0 0 * * 0             | UNIX   | 2026-01-01T00:00:00Z | 2026-01-04T00:00:00Z 2026-01-11T00:00:00Z
          0 0 * * 5-7           | UNIX   | 2026-01-01T00:00:00Z | 2026-01-02T00:00:00Z 2026-01-03T00:00:00Z 2026-01-04T00:00:00Z 2026-01-09T00:00:00Z
          5-50/15 9-17/4 * * *  | UNIX   | 2026-01-01T00:00:00Z | 2026-01-01T09:05:00Z 2026-01-01T09:20:00Z 2026-01-01T09:35:00Z 2026-01-01T09:50:00Z 2026-01-01T13:05:00Z
          0 9 * * mon-fri       | AUTO   | 2026-01-02T10:00:00Z | 2026-01-05T09:00:00Z
          0 0 1 jan,jul *       | AUTO   | 2026-01-01T00:00:00Z | 2026-07-01T00:00:00Z 2027-01-01T00:00:00Z
          # SPRING: both day fields must match (Friday the 13th)
          0 0 0 13 * FRI        | SPRING | 2026-01-01T00:00:00Z | 2026-02-13T00:00:00Z 2026-03-13T00:00:00Z 2026-11-13T00:00:00Z
          0 0 12 * * SUN-SAT    | SPRING | 2026-01-01T13:00:00Z | 2026-01-02T12:00:00Z
          0 0 12 * * 7          | SPRING | 2026-01-01T00:00:00Z | 2026-01-04T12:00:00Z
          0 0 12 L * *          | SPRING | 2026-01-01T00:00:00Z | 2026-01-31T12:00:00Z 2026-02-28T12:00:00Z
          0 0 12 * * 5L         | SPRING | 2026-01-01T00:00:00Z | 2026-01-30T12:00:00Z 2026-02-27T12:00:00Z
          0 0 12 ? * 5#3        | SPRING | 2026-01-01T00:00:00Z | 2026-01-16T12:00:00Z 2026-02-20T12:00:00Z
          @daily                | SPRING | 2026-01-01T10:00:00Z | 2026-01-02T00:00:00Z
          */20 * * * * *        | SPRING | 2026-01-01T00:00:59Z | 2026-01-01T00:01:00Z 2026-01-01T00:01:20Z
          # QUARTZ: L, W, LW, L-n, dL, d#n, ?
          0 0 12 ? * 6#3        | AUTO   | 2026-01-01T00:00:00Z | 2026-01-16T12:00:00Z 2026-02-20T12:00:00Z 2026-03-20T12:00:00Z
          0 0 12 ? * 2#5        | QUARTZ | 2026-01-01T00:00:00Z | 2026-03-30T12:00:00Z 2026-06-29T12:00:00Z
          0 0 12 ? * 6L         | QUARTZ | 2026-01-01T00:00:00Z | 2026-01-30T12:00:00Z 2026-02-27T12:00:00Z 2026-03-27T12:00:00Z
          0 0 12 ? * L          | QUARTZ | 2026-01-01T00:00:00Z | 2026-01-03T12:00:00Z 2026-01-10T12:00:00Z
          0 0 12 L * ?          | QUARTZ | 2026-01-01T00:00:00Z | 2026-01-31T12:00:00Z 2026-02-28T12:00:00Z 2026-03-31T12:00:00Z
          0 0 12 L * ?          | QUARTZ | 2028-02-01T00:00:00Z | 2028-02-29T12:00:00Z
          0 0 12 L-3 * ?        | QUARTZ | 2026-01-01T00:00:00Z | 2026-01-28T12:00:00Z 2026-02-25T12:00:00Z
          0 0 12 LW * ?         | QUARTZ | 2026-01-01T00:00:00Z | 2026-01-30T12:00:00Z 2026-02-27T12:00:00Z 2026-03-31T12:00:00Z
          0 0 12 15W * ?        | QUARTZ | 2026-01-01T00:00:00Z | 2026-01-15T12:00:00Z 2026-02-16T12:00:00Z 2026-03-16T12:00:00Z
          0 0 12 1W * ?         | QUARTZ | 2026-07-15T00:00:00Z | 2026-08-03T12:00:00Z 2026-09-01T12:00:00Z
          0 0 12 31W * ?        | QUARTZ | 2026-05-01T00:00:00Z | 2026-05-29T12:00:00Z 2026-07-31T12:00:00Z
          0 0 12 1W,15 * ?      | QUARTZ | 2026-08-01T00:00:00Z | 2026-08-03T12:00:00Z 2026-08-15T12:00:00Z
          0 0 12 ? * 7-2        | QUARTZ | 2026-01-01T00:00:00Z | 2026-01-03T12:00:00Z 2026-01-04T12:00:00Z 2026-01-05T12:00:00Z 2026-01-10T12:00:00Z
          0 0 22-2 * * ?        | QUARTZ | 2026-01-01T00:30:00Z | 2026-01-01T01:00:00Z 2026-01-01T02:00:00Z 2026-01-01T22:00:00Z
          0/5 14,18 * * * ?     | QUARTZ | 2026-01-01T00:14:50Z | 2026-01-01T00:14:55Z 2026-01-01T00:18:00Z
          # QUARTZ year field: within 1970-2099, then no next instant
          0 0 12 1 1 ? 2030-2034/2 | QUARTZ | 2026-01-01T00:00:00Z | 2030-01-01T12:00:00Z 2032-01-01T12:00:00Z 2034-01-01T12:00:00Z none
          0 0 12 1 1 ? 2020     | QUARTZ | 2019-06-01T00:00:00Z | 2020-01-01T12:00:00Z none
          0 0 12 31 12 ? 2099   | QUARTZ | 2099-12-31T12:00:00Z | none
          # far future: the next Monday 29 February, the last leap day Quartz's years allow
          0 0 0 29 2 MON        | SPRING | 2026-01-01T00:00:00Z | 2044-02-29T00:00:00Z 2072-02-29T00:00:00Z 2112-02-29T00:00:00Z
          0 0 0 29 2 ? 2096     | QUARTZ | 2026-01-01T00:00:00Z | 2096-02-29T00:00:00Z none
          59 59 23 31 12 ? 2099 | QUARTZ | 2099-12-31T23:59:58Z | 2099-12-31T23:59:59Z none
          # UNIX: both day fields restricted in one month = 29 February or any Monday of February
          0 0 29 2 1            | UNIX   | 2026-02-20T00:00:00Z | 2026-02-23T00:00:00Z 2027-02-01T00:00:00Z 2027-02-08T00:00:00Z
          # end of range: no instant after 9999-12-31T23:59:59Z, the last a definition may hold
          0 0 1 1 *             | UNIX   | 9998-06-01T00:00:00Z | 9999-01-01T00:00:00Z none
          0 0 0 1 1 *           | SPRING | 9999-01-01T00:00:00Z | none
          59 59 23 31 12 *      | SPRING | 9999-12-31T00:00:00Z | 9999-12-31T23:59:59Z none
          """)
  void shouldFollowTheDialectsFieldRules(
      String expression, CronDialect dialect, String from, String expected) {
    // Given
    CronSequence sequence = CronSequence.parse(expression, dialect, null);
    List<String> want = Firings.expected(expected);

    // When
    List<String> firings = Firings.walk(sequence, Instant.parse(from), want.size());

    // Then
    assertEquals(want, firings);
  }

  /**
   * Published vectors, restated as expression, start (exclusive) and expected next instant in UTC:
   * the examples of Quartz's CronTrigger tutorial (quartz-scheduler.org, "CronTrigger Tutorial",
   * expected instants worked out by hand), and day-of-month / day-of-week vectors from Cronos' test
   * suite (HangfireIO/Cronos, tests/Cronos.Tests/CronExpressionFacts.cs, whose Cronos syntax
   * matches Spring's for these fields).
   */
  @ParameterizedTest(name = "{0} ({1}) after {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          0 15 10 ? * 6L 2002-2005 | QUARTZ | 2002-01-01T00:00:00Z | 2002-01-25T10:15:00Z
          0 15 10 ? * 6L 2002-2005 | QUARTZ | 2005-12-30T10:15:00Z | none
          0 15 10 ? * 6#3          | QUARTZ | 2002-01-01T00:00:00Z | 2002-01-18T10:15:00Z
          0 15 10 L * ?            | QUARTZ | 2002-02-01T00:00:00Z | 2002-02-28T10:15:00Z
          0 0 12 1/5 * ?           | QUARTZ | 2002-01-01T13:00:00Z | 2002-01-06T12:00:00Z
          0 0 0 * * 5#3            | SPRING | 2017-01-21T00:00:00Z | 2017-02-17T00:00:00Z
          0 0 0 * * 2#5            | SPRING | 2017-02-01T00:00:00Z | 2017-05-30T00:00:00Z
          0 0 0 * * 7L             | SPRING | 2016-12-31T00:00:00Z | 2017-01-29T00:00:00Z
          0 0 0 1W * *             | SPRING | 2017-01-01T00:00:00Z | 2017-01-02T00:00:00Z
          0 0 0 7W * *             | SPRING | 2017-01-02T00:00:00Z | 2017-01-06T00:00:00Z
          0 0 0 L-1 * *            | SPRING | 2017-02-01T00:00:00Z | 2017-02-27T00:00:00Z
          """)
  void shouldAgreeWithPublishedVectors(
      String expression, CronDialect dialect, String from, String expected) {
    // Given
    CronSequence sequence = CronSequence.parse(expression, dialect, null);

    // When
    Instant next = sequence.next(Instant.parse(from));

    // Then
    assertEquals(expected, next == null ? "none" : next.toString());
  }

  /**
   * Vectors from Spring Framework's published test suite (spring-projects/spring-framework,
   * spring-context/src/test/java/org/springframework/scheduling/support/CronExpressionTests.java:
   * quartzLastDayOfMonth, quartzLastDayOfMonthOffset, quartzLastWeekdayOfMonth,
   * quartzLastDayOfWeekOffset, quartzWeekdayNearestTo15, quartzWeekdayNearestTo1,
   * quartzWeekdayNearestTo31, quartz2ndFridayOfTheMonth and its day-name variant), restated as
   * expression, start (exclusive) and the sequence that follows, in UTC. One row departs from
   * Spring on purpose, as its comment says.
   */
  @ParameterizedTest(name = "Spring: {0} after {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          0 0 0 L * *     | 2008-01-04T12:00:00Z | 2008-01-31 2008-02-29 2008-03-31 2008-04-30
          0 0 0 L-3 * *   | 2008-01-04T12:00:00Z | 2008-01-28 2008-02-26 2008-03-28 2008-04-27
          0 0 0 LW * *    | 2008-01-04T12:00:00Z | 2008-01-31 2008-02-29 2008-03-31 2008-04-30 2008-05-30 2008-06-30 2008-07-31 2008-08-29 2008-09-30 2008-10-31 2008-11-28 2008-12-31
          0 0 0 * * 5L    | 2008-01-04T12:00:00Z | 2008-01-25 2008-02-29 2008-03-28 2008-04-25 2008-05-30 2008-06-27 2008-07-25 2008-08-29 2008-09-26 2008-10-31 2008-11-28 2008-12-26
          0 0 0 15W * ?   | 2020-01-01T00:00:00Z | 2020-01-15 2020-02-14 2020-03-16 2020-04-15
          0 0 0 1W * ?    | 2019-12-31T00:00:00Z | 2020-01-01 2020-02-03 2020-03-02 2020-04-01
          0 0 0 1W * ?    | 2022-01-01T00:00:00Z | 2022-01-03
          0 0 0 1W * ?    | 2021-08-01T00:00:00Z | 2021-08-02
          # Spring skips May 2020 here (31 May is a Sunday; its rule looks only at Monday 1 June, in
          # another month). Punctual keeps Quartz's rule in every dialect: W never leaves the month,
          # so a Sunday that ends the month fires the Friday before, 29 May.
          0 0 0 31W * ?   | 2020-01-01T00:00:00Z | 2020-01-31 2020-03-31 2020-05-29 2020-07-31 2020-08-31 2020-10-30 2020-12-31
          0 0 0 ? * 5#2   | 2020-01-01T00:00:00Z | 2020-01-10 2020-02-14 2020-03-13 2020-04-10
          0 0 0 ? * FRI#2 | 2020-01-01T00:00:00Z | 2020-01-10 2020-02-14 2020-03-13 2020-04-10
          """)
  void shouldAgreeWithSpringFrameworkVectors(String expression, String from, String days) {
    // Given
    CronSequence sequence = CronSequence.parse(expression, CronDialect.SPRING, null);
    List<String> want = Firings.expected(days).stream().map(day -> day + "T00:00:00Z").toList();

    // When
    List<String> firings = Firings.walk(sequence, Instant.parse(from), want.size());

    // Then
    assertEquals(want, firings);
  }
}

package io.punctual.scheduler.internals.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.punctual.scheduler.SchedulerConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Cron schedules through the whole topology: dialects, zones with DST gaps and overlaps (including
 * Lord Howe's 30-minute shift), Quartz L, W and #, and Feb 29. The misfire threshold is set beyond
 * the clock steps so every instant fires as scheduled.
 */
class CalendarTopologyTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          NY spring-forward gap fires at the transition | 30 2 * * *        | UNIX   | America/New_York    | 2026-03-07T12:00:00Z | 2026-03-09T12:00:00Z | 2026-03-08T07:00:00Z 2026-03-09T06:30:00Z
          NY gap collapses matches into one firing      | */15 * * * *      | UNIX   | America/New_York    | 2026-03-08T06:40:00Z | 2026-03-08T07:20:00Z | 2026-03-08T06:45:00Z 2026-03-08T07:00:00Z 2026-03-08T07:15:00Z
          NY fall-back fixed time fires once            | 30 1 * * *        | UNIX   | America/New_York    | 2026-10-31T12:00:00Z | 2026-11-02T12:00:00Z | 2026-11-01T05:30:00Z 2026-11-02T06:30:00Z
          NY fall-back hourly keeps its rhythm          | 0 * * * *         | UNIX   | America/New_York    | 2026-11-01T04:30:00Z | 2026-11-01T07:30:00Z | 2026-11-01T05:00:00Z 2026-11-01T06:00:00Z 2026-11-01T07:00:00Z
          London spring-forward gap                     | 30 1 * * *        | UNIX   | Europe/London       | 2026-03-28T12:00:00Z | 2026-03-30T12:00:00Z | 2026-03-29T01:00:00Z 2026-03-30T00:30:00Z
          London fall-back fixed time fires once        | 30 1 * * *        | UNIX   | Europe/London       | 2026-10-24T12:00:00Z | 2026-10-26T12:00:00Z | 2026-10-25T00:30:00Z 2026-10-26T01:30:00Z
          Lord Howe 30-minute gap                       | 15 2 * * *        | UNIX   | Australia/Lord_Howe | 2026-10-02T12:00:00Z | 2026-10-05T12:00:00Z | 2026-10-02T15:45:00Z 2026-10-03T15:30:00Z 2026-10-04T15:15:00Z
          Lord Howe 30-minute overlap                   | 45 1 * * *        | UNIX   | Australia/Lord_Howe | 2026-04-04T12:00:00Z | 2026-04-05T12:00:00Z | 2026-04-04T14:45:00Z
          Quartz L is the last day of the month         | 0 0 12 L * ?      | QUARTZ | UTC                 | 2026-01-15T00:00:00Z | 2026-04-01T00:00:00Z | 2026-01-31T12:00:00Z 2026-02-28T12:00:00Z 2026-03-31T12:00:00Z
          Quartz W is the nearest weekday               | 0 0 12 15W * ?    | QUARTZ | UTC                 | 2026-01-01T00:00:00Z | 2026-03-31T00:00:00Z | 2026-01-15T12:00:00Z 2026-02-16T12:00:00Z 2026-03-16T12:00:00Z
          Quartz # is the nth weekday of the month      | 0 0 12 ? * 6#3    | QUARTZ | UTC                 | 2026-01-01T00:00:00Z | 2026-03-31T00:00:00Z | 2026-01-16T12:00:00Z 2026-02-20T12:00:00Z 2026-03-20T12:00:00Z
          Quartz inferred from six fields, in a zone    | 0 30 9 * * ?      | AUTO   | Asia/Tokyo          | 2026-01-01T00:00:00Z | 2026-01-03T12:00:00Z | 2026-01-01T00:30:00Z 2026-01-02T00:30:00Z 2026-01-03T00:30:00Z
          Spring weekdays                               | 0 0 12 * * MON-FRI| SPRING | UTC                 | 2026-01-02T00:00:00Z | 2026-01-06T23:00:00Z | 2026-01-02T12:00:00Z 2026-01-05T12:00:00Z 2026-01-06T12:00:00Z
          UNIX day-of-month or day-of-week              | 0 12 10 * 1       | UNIX   | UTC                 | 2026-06-01T00:00:00Z | 2026-06-30T00:00:00Z | 2026-06-01T12:00:00Z 2026-06-08T12:00:00Z 2026-06-10T12:00:00Z 2026-06-15T12:00:00Z 2026-06-22T12:00:00Z 2026-06-29T12:00:00Z
          Feb 29 fires in the next leap year            | 0 0 29 2 *        | UNIX   | UTC                 | 2027-01-01T00:00:00Z | 2028-03-01T00:00:00Z | 2028-02-29T00:00:00Z
          """)
  void shouldFireEveryInstantOfTheCalendar(
      String name,
      String cron,
      String dialect,
      String zone,
      String from,
      String until,
      String expected) {
    Instant start = Instant.parse(from);
    Instant end = Instant.parse(until);
    Duration step =
        Duration.between(start, end).toDays() > 10 ? Duration.ofHours(1) : Duration.ofMinutes(1);
    try (SchedulerDriver scheduler =
        new SchedulerDriver(
            start,
            Map.of(
                SchedulerConfig.MISFIRE_THRESHOLD_MS_CONFIG,
                Long.toString(Duration.ofDays(3).toMillis())))) {
      // Given a cron timer defined at the start of the range
      scheduler.define(
          "cal",
          "{\"schedule\": {\"cron\": \""
              + cron
              + "\", \"dialect\": \""
              + dialect
              + "\", \"timeZone\": \""
              + zone
              + "\"}, \"target\": {\"http\": {\"url\": \"http://target.test/out\"}}}");
      // When the clock runs to the end of the range
      scheduler.advanceTo(end, step);
      // Then exactly the expected instants fired, in order
      List<Instant> want =
          Arrays.stream(expected.trim().split("\\s+")).map(Instant::parse).toList();
      assertEquals(want, scheduler.fired(), name);
    }
  }
}

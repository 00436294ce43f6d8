package io.punctual.scheduler.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.punctual.CronDialect;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Wall-clock to instant mapping across DST gaps and overlaps (DESIGN.md, "Time zones and DST"). */
class CronSequenceDstTest {

  @ParameterizedTest(name = "{0} ({1}) in {2} after {3}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # New York 2026-03-08: 02:00 EST jumps to 03:00 EDT at 07:00Z
          30 2 * * *      | AUTO   | America/New_York   | 2026-03-07T12:00:00Z | 2026-03-08T07:00:00Z 2026-03-09T06:30:00Z
          */15 * * * *    | AUTO   | America/New_York   | 2026-03-08T06:40:00Z | 2026-03-08T06:45:00Z 2026-03-08T07:00:00Z 2026-03-08T07:15:00Z
          0 3 * * *       | AUTO   | America/New_York   | 2026-03-08T05:00:00Z | 2026-03-08T07:00:00Z 2026-03-09T07:00:00Z
          30 2 * * *      | AUTO   | America/New_York   | 2026-03-08T07:00:00Z | 2026-03-09T06:30:00Z
          * * * * * ?     | QUARTZ | America/New_York   | 2026-03-08T06:59:58Z | 2026-03-08T06:59:59Z 2026-03-08T07:00:00Z 2026-03-08T07:00:01Z
          # New York 2026-11-01: 02:00 EDT falls back to 01:00 EST at 06:00Z
          30 1 * * *      | AUTO   | America/New_York   | 2026-10-31T12:00:00Z | 2026-11-01T05:30:00Z 2026-11-02T06:30:00Z
          30 1 * * *      | AUTO   | America/New_York   | 2026-11-01T06:10:00Z | 2026-11-02T06:30:00Z
          0 * * * *       | AUTO   | America/New_York   | 2026-11-01T04:30:00Z | 2026-11-01T05:00:00Z 2026-11-01T06:00:00Z 2026-11-01T07:00:00Z
          0 * * * *       | AUTO   | America/New_York   | 2026-11-01T05:00:00.500Z | 2026-11-01T06:00:00Z
          0 1,2 * * *     | AUTO   | America/New_York   | 2026-11-01T04:00:00Z | 2026-11-01T05:00:00Z 2026-11-01T07:00:00Z 2026-11-02T06:00:00Z
          0 1-2 * * *     | AUTO   | America/New_York   | 2026-11-01T04:00:00Z | 2026-11-01T05:00:00Z 2026-11-01T06:00:00Z 2026-11-01T07:00:00Z
          0 */30 1 * * ?  | QUARTZ | America/New_York   | 2026-11-01T04:50:00Z | 2026-11-01T05:00:00Z 2026-11-01T05:30:00Z 2026-11-01T06:00:00Z 2026-11-01T06:30:00Z 2026-11-02T06:00:00Z
          0 0 1 * * *     | SPRING | America/New_York   | 2026-11-01T04:00:00Z | 2026-11-01T05:00:00Z 2026-11-02T06:00:00Z
          * * * * * ?     | QUARTZ | America/New_York   | 2026-11-01T05:59:58Z | 2026-11-01T05:59:59Z 2026-11-01T06:00:00Z 2026-11-01T06:00:01Z
          # London 2026-03-29: 01:00 GMT jumps to 02:00 BST; 2026-10-25: 02:00 BST falls back to 01:00 GMT
          30 1 * * *      | AUTO   | Europe/London      | 2026-03-28T12:00:00Z | 2026-03-29T01:00:00Z 2026-03-30T00:30:00Z
          0 1 * * *       | AUTO   | Europe/London      | 2026-03-28T12:00:00Z | 2026-03-29T01:00:00Z 2026-03-30T00:00:00Z
          30 1 * * *      | AUTO   | Europe/London      | 2026-10-24T12:00:00Z | 2026-10-25T00:30:00Z 2026-10-26T01:30:00Z
          */30 * * * *    | AUTO   | Europe/London      | 2026-10-24T23:50:00Z | 2026-10-25T00:00:00Z 2026-10-25T00:30:00Z 2026-10-25T01:00:00Z 2026-10-25T01:30:00Z 2026-10-25T02:00:00Z
          # Lord Howe: 30-minute DST; 2026-04-05 02:00 +11 falls back to 01:30 +10:30; 2026-10-04 02:00 +10:30 jumps to 02:30 +11
          45 1 * * *      | AUTO   | Australia/Lord_Howe | 2026-04-04T12:00:00Z | 2026-04-04T14:45:00Z 2026-04-05T15:15:00Z
          */20 * * * *    | AUTO   | Australia/Lord_Howe | 2026-04-04T14:30:00Z | 2026-04-04T14:40:00Z 2026-04-04T15:10:00Z 2026-04-04T15:30:00Z
          0 * * * *       | AUTO   | Australia/Lord_Howe | 2026-04-04T14:00:00Z | 2026-04-04T15:30:00Z 2026-04-04T16:30:00Z
          15 2 * * *      | AUTO   | Australia/Lord_Howe | 2026-10-03T00:00:00Z | 2026-10-03T15:30:00Z 2026-10-04T15:15:00Z
          */10 * * * *    | AUTO   | Australia/Lord_Howe | 2026-10-03T15:15:00Z | 2026-10-03T15:20:00Z 2026-10-03T15:30:00Z 2026-10-03T15:40:00Z
          # Santiago: transitions at midnight; 2026-04-05 00:00 -03 falls back to 04-04 23:00 -04; 2026-09-06 00:00 -04 jumps to 01:00 -03
          0 0 * * *       | AUTO   | America/Santiago   | 2026-04-03T12:00:00Z | 2026-04-04T03:00:00Z 2026-04-05T04:00:00Z 2026-04-06T04:00:00Z
          30 23 * * *     | AUTO   | America/Santiago   | 2026-04-04T12:00:00Z | 2026-04-05T02:30:00Z 2026-04-06T03:30:00Z
          0 * * * *       | AUTO   | America/Santiago   | 2026-04-05T01:30:00Z | 2026-04-05T02:00:00Z 2026-04-05T03:00:00Z 2026-04-05T04:00:00Z
          0 0 * * *       | AUTO   | America/Santiago   | 2026-09-05T00:00:00Z | 2026-09-05T04:00:00Z 2026-09-06T04:00:00Z 2026-09-07T03:00:00Z
          30 0 * * SUN    | AUTO   | America/Santiago   | 2026-09-01T00:00:00Z | 2026-09-06T04:00:00Z 2026-09-13T03:30:00Z
          # Tokyo has no DST: the same wall time every day
          30 2 * * *      | AUTO   | Asia/Tokyo         | 2026-03-07T12:00:00Z | 2026-03-07T17:30:00Z 2026-03-08T17:30:00Z
          0 0 * * *       | AUTO   | Asia/Tokyo         | 2026-11-01T00:00:00Z | 2026-11-01T15:00:00Z 2026-11-02T15:00:00Z
          """)
  void shouldMapWallClockTimesToInstantsAcrossDst(
      String expression, CronDialect dialect, String zone, String from, String expected) {
    // Given
    CronSequence sequence = CronSequence.parse(expression, dialect, zone);
    List<String> want = Firings.expected(expected);

    // When
    List<String> firings = Firings.walk(sequence, Instant.parse(from), want.size());

    // Then
    assertEquals(want, firings);
  }

  /**
   * Vectors from Cronos' published test suite (HangfireIO/Cronos,
   * tests/Cronos.Tests/CronExpressionFacts.cs, the HandleDST theories), written with seconds as
   * Spring crons and converted to UTC; Cronos' inclusive vectors are restated as exclusive ones.
   */
  @ParameterizedTest(name = "Cronos: {0} in {1} after {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          0 */30 * * * *   | America/New_York    | 2016-03-13T06:30:00Z | 2016-03-13T07:00:00Z
          0 30 2 * * *     | America/New_York    | 2016-03-12T07:30:00Z | 2016-03-13T07:00:00Z
          0 0,59 * * * *   | America/New_York    | 2016-03-13T06:59:00Z | 2016-03-13T07:00:00Z
          0 30 * * 3 SUN#2 | America/New_York    | 2016-03-13T06:59:00Z | 2016-03-13T07:00:00Z
          0 */30 * * * *   | America/New_York    | 2016-11-06T05:30:00Z | 2016-11-06T06:00:00Z
          0 0,30 1 * * *   | America/New_York    | 2016-11-06T05:30:00Z | 2016-11-07T06:00:00Z
          */30 0 1 * * *   | America/New_York    | 2016-11-06T05:00:30Z | 2016-11-06T06:00:00Z
          0 0 2 * * *      | America/New_York    | 2016-11-06T05:45:00Z | 2016-11-06T07:00:00Z
          0 30 1-9 * * *   | America/New_York    | 2016-11-06T05:30:00Z | 2016-11-06T06:30:00Z
          0 */30 * * * *   | Australia/Lord_Howe | 2017-09-30T15:15:00Z | 2017-09-30T15:30:00Z
          0 30 1 * * *     | Australia/Lord_Howe | 2017-04-01T15:00:00Z | 2017-04-02T15:00:00Z
          0 */30 * * * *   | Australia/Lord_Howe | 2017-04-01T14:59:00Z | 2017-04-01T15:00:00Z
          0 0 */2 * * *    | Australia/Lord_Howe | 2017-04-01T13:30:00Z | 2017-04-01T15:30:00Z
          """)
  void shouldAgreeWithCronosDstVectors(
      String expression, String zone, String from, String expected) {
    // Given
    CronSequence sequence = CronSequence.parse(expression, CronDialect.SPRING, zone);

    // When
    Instant next = sequence.next(Instant.parse(from));

    // Then
    assertEquals(Instant.parse(expected), next);
  }
}

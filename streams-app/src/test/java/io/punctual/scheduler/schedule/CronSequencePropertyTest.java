package io.punctual.scheduler.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.CronDialect;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Checks {@link CronSequence#next} against a brute-force model of the DST rules: enumerate every
 * local minute of a window, map each matching one to its instants by the rules of DESIGN.md, and
 * require next(t) to be the smallest modelled instant above t, for t all over the window.
 */
class CronSequencePropertyTest {

  @ParameterizedTest(name = "{0} in {1} around {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          30 2 * * *      | America/New_York    | 2026-03-08
          */15 * * * *    | America/New_York    | 2026-03-08
          0 * * * *       | America/New_York    | 2026-11-01
          30 1 * * *      | America/New_York    | 2026-11-01
          0 1,2 * * *     | America/New_York    | 2026-11-01
          */7 1-3 * * *   | America/New_York    | 2026-11-01
          0,30 1 * * *    | Europe/London       | 2026-10-25
          */20 1 * * *    | Europe/London       | 2026-03-29
          45 1 * * *      | Australia/Lord_Howe | 2026-04-05
          */10 2 * * *    | Australia/Lord_Howe | 2026-10-04
          0 0 * * *       | America/Santiago    | 2026-09-06
          30 23 * * *     | America/Santiago    | 2026-04-04
          */5 23 * * *    | America/Santiago    | 2026-04-04
          """)
  void shouldBeTheFixedSetOfInstantsTheDstRulesDefine(String expression, String zone, String day) {
    // Given
    CronSequence sequence = CronSequence.parse(expression, CronDialect.UNIX, zone);
    LocalDateTime start = LocalDateTime.parse(day + "T00:00").minusDays(2);
    LocalDateTime end = start.plusDays(5);
    NavigableSet<Instant> model =
        model(expression, ZoneId.of(zone), sequence.intervalLike(), start, end);
    Instant first = start.plusDays(1).toInstant(ZoneOffset.UTC);
    Instant last = end.minusDays(2).toInstant(ZoneOffset.UTC);

    // When / Then
    for (Instant t = first; t.isBefore(last); t = t.plusSeconds(97)) {
      assertEquals(model.higher(t), sequence.next(t), "next after " + t);
    }
    Instant firing = sequence.next(first);
    while (firing.isBefore(last)) {
      Instant following = sequence.next(firing);
      assertTrue(following.isAfter(firing));
      assertEquals(model.higher(firing), following);
      firing = following;
    }
  }

  private static NavigableSet<Instant> model(
      String expression,
      ZoneId zone,
      boolean intervalLike,
      LocalDateTime start,
      LocalDateTime end) {
    CronSequence utc = CronSequence.parse(expression, CronDialect.UNIX, null);
    ZoneRules rules = zone.getRules();
    NavigableSet<Instant> instants = new TreeSet<>();
    for (LocalDateTime local = start; local.isBefore(end); local = local.plusMinutes(1)) {
      Instant asUtc = local.toInstant(ZoneOffset.UTC);
      if (!asUtc.equals(utc.next(asUtc.minusSeconds(1)))) {
        continue;
      }
      List<ZoneOffset> offsets = rules.getValidOffsets(local);
      if (offsets.isEmpty()) {
        instants.add(rules.getTransition(local).getInstant());
      } else {
        instants.add(local.toInstant(offsets.get(0)));
        if (offsets.size() == 2 && intervalLike) {
          instants.add(local.toInstant(offsets.get(1)));
        }
      }
    }
    return instants;
  }
}

package io.punctual.scheduler.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.CronDialect;
import io.punctual.InvalidTimerException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * For random valid expressions of the three dialects, random zones and random instants up to
 * 9999-12-31: {@link CronSequence#next} returns, quickly and without throwing, null or a strictly
 * later instant no later than 9999-12-31T23:59:59Z, and {@link CronSequence#firesAfter} agrees.
 */
class CronSequenceNextPropertyTest {
  private static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant LAST = Instant.parse("9999-12-31T23:59:59Z");
  private static final Duration QUICKLY = Duration.ofSeconds(2);
  private static final List<String> ZONES =
      List.of(
          "UTC",
          "America/New_York",
          "Europe/Paris",
          "Europe/London",
          "Australia/Lord_Howe",
          "America/Santiago",
          "Africa/Casablanca",
          "Pacific/Apia",
          "Pacific/Kiritimati",
          "Asia/Kolkata",
          "Etc/GMT+12");

  @Property(tries = 1500, maxDiscardRatio = 20)
  void shouldAnswerNullOrALaterInstantQuicklyForAnyValidExpressionAndInstant(
      @ForAll("expressions") Expression expression,
      @ForAll("zones") String zone,
      @ForAll("instants") Instant after) {
    // Given
    CronSequence sequence = parseOrDiscard(expression, zone);

    // When
    Instant next =
        assertTimeoutPreemptively(QUICKLY, () -> sequence.next(after), sequence::toString);

    // Then
    Statistics.label("next").collect(next == null ? "none" : "an instant");
    if (next != null) {
      assertTrue(next.isAfter(after), () -> sequence + ": " + next + " is not after " + after);
      assertTrue(!next.isAfter(LAST), () -> sequence + ": " + next + " is past " + LAST);
      Instant following = assertTimeoutPreemptively(QUICKLY, () -> sequence.next(next));
      assertTrue(following == null || following.isAfter(next), sequence::toString);
    }
    assertEquals(next != null, sequence.firesAfter(after), sequence::toString);
  }

  private static CronSequence parseOrDiscard(Expression expression, String zone) {
    try {
      return CronSequence.parse(expression.text(), expression.dialect(), zone);
    } catch (InvalidTimerException invalid) {
      Assume.that(false);
      throw invalid;
    }
  }

  /** An expression and its dialect. */
  record Expression(String text, CronDialect dialect) {
    @Override
    public String toString() {
      return dialect + " '" + text + "'";
    }
  }

  @Provide
  Arbitrary<Expression> expressions() {
    return Arbitraries.oneOf(unix(), quartz(), spring());
  }

  @Provide
  Arbitrary<String> zones() {
    return Arbitraries.of(ZONES);
  }

  /** Anywhere in years 1 to 9999, with weight on the Quartz years and on the end of the range. */
  @Provide
  Arbitrary<Instant> instants() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, secondsBetween(FIRST, LAST)),
        Tuple.of(
            3,
            secondsBetween(
                Instant.parse("1965-01-01T00:00:00Z"), Instant.parse("2105-01-01T00:00:00Z"))),
        Tuple.of(2, secondsBetween(Instant.parse("9960-01-01T00:00:00Z"), LAST)),
        Tuple.of(1, secondsBetween(LAST.minusSeconds(86_400 * 3), LAST)));
  }

  private static Arbitrary<Instant> secondsBetween(Instant from, Instant to) {
    return Arbitraries.longs()
        .between(from.getEpochSecond(), to.getEpochSecond())
        .map(Instant::ofEpochSecond);
  }

  private static Arbitrary<Expression> unix() {
    return Combinators.combine(
            field(0, 59), field(0, 23), field(1, 31), field(1, 12), unixDayOfWeek())
        .as(
            (m, h, dom, mon, dow) ->
                new Expression(String.join(" ", m, h, dom, mon, dow), CronDialect.UNIX));
  }

  private static Arbitrary<Expression> quartz() {
    Arbitrary<String[]> days =
        Arbitraries.oneOf(
            quartzDayOfMonth().map(dom -> new String[] {dom, "?"}),
            quartzDayOfWeek().map(dow -> new String[] {"?", dow}));
    Arbitrary<String> year =
        Arbitraries.oneOf(
            Arbitraries.just(""), Arbitraries.just(" *"), field(1970, 2099).map(y -> " " + y));
    return Combinators.combine(field(0, 59), field(0, 59), field(0, 23), days, field(1, 12), year)
        .as(
            (s, m, h, d, mon, y) ->
                new Expression(String.join(" ", s, m, h, d[0], mon, d[1]) + y, CronDialect.QUARTZ));
  }

  private static Arbitrary<Expression> spring() {
    return Combinators.combine(
            field(0, 59),
            field(0, 59),
            field(0, 23),
            springDayOfMonth(),
            field(1, 12),
            springDayOfWeek())
        .as(
            (s, m, h, dom, mon, dow) ->
                new Expression(String.join(" ", s, m, h, dom, mon, dow), CronDialect.SPRING));
  }

  /** {@code *}, a value, a range, a step, or a list of them, in {@code [min, max]}. */
  private static Arbitrary<String> field(int min, int max) {
    Arbitrary<String> part = part(min, max);
    return Arbitraries.oneOf(
        Arbitraries.just("*"),
        Arbitraries.integers().between(1, max - min).map(step -> "*/" + step),
        part,
        part.list().ofMinSize(2).ofMaxSize(3).map(parts -> String.join(",", parts)));
  }

  private static Arbitrary<String> part(int min, int max) {
    Arbitrary<Integer> value = Arbitraries.integers().between(min, max);
    Arbitrary<Integer> step = Arbitraries.integers().between(1, Math.max(1, (max - min) / 2));
    Arbitrary<String> range =
        Combinators.combine(value, value).as((a, b) -> Math.min(a, b) + "-" + Math.max(a, b));
    return Arbitraries.oneOf(
        value.map(String::valueOf),
        range,
        Combinators.combine(range, step).as((r, s) -> r + "/" + s),
        Combinators.combine(value, step).as((v, s) -> v + "/" + s));
  }

  private static Arbitrary<String> unixDayOfWeek() {
    return Arbitraries.oneOf(
        field(0, 7),
        Arbitraries.of("Sun-Tue", "SUN-SAT", "Sat-Sun", "MON-FRI/2", "sun,wed", "Thu-Sun", "7"));
  }

  private static Arbitrary<String> quartzDayOfMonth() {
    return Arbitraries.oneOf(
        field(1, 31),
        Arbitraries.of("L", "LW", "L-3", "L-30", "15W", "1W", "31W", "L,15", "29", "30", "31"));
  }

  private static Arbitrary<String> quartzDayOfWeek() {
    return Arbitraries.oneOf(
        field(1, 7),
        Arbitraries.of("6L", "L", "2#5", "6#3", "1#1", "FRI-MON", "SUN-TUE", "MON-FRI/2"));
  }

  private static Arbitrary<String> springDayOfMonth() {
    return Arbitraries.oneOf(field(1, 31), Arbitraries.of("L", "LW", "L-3", "15W", "?", "29"));
  }

  private static Arbitrary<String> springDayOfWeek() {
    return Arbitraries.oneOf(
        field(0, 7), Arbitraries.of("5L", "1#5", "FRI#2", "SUN-TUE", "SAT-SUN", "?", "MON-FRI/2"));
  }
}

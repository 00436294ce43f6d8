package io.punctual.contract;

import io.punctual.InvalidTimerException;
import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;

/**
 * ISO-8601 durations of a timer definition. Accepts what {@link Duration#parse} accepts ({@code
 * PT5M}, {@code P1DT2H}, {@code PT0.5S}) and whole days and weeks ({@code P1D}, {@code P2W}, {@code
 * P1W3D}), with blanks around the text ignored. Months and years are refused (they have no fixed
 * length), and so are negative durations and parts finer than a millisecond. Field ranges are
 * {@link DurationRule}s.
 */
public final class Durations {
  private static final long NANOS_PER_MILLI = 1_000_000;

  private Durations() {}

  /**
   * Parses {@code text} as the value of {@code field}: a non-negative whole number of milliseconds.
   *
   * @throws InvalidTimerException naming {@code field} when the text is missing, not a duration,
   *     negative or finer than a millisecond
   */
  public static Duration parse(String field, String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidTimerException(field, "is required (an ISO-8601 duration such as PT5M)");
    }
    Duration duration = parseIso(field, text.strip());
    if (duration.isNegative()) {
      throw new InvalidTimerException(field, "must not be negative: " + text);
    }
    if (duration.getNano() % NANOS_PER_MILLI != 0) {
      throw new InvalidTimerException(
          field, "must be a whole number of milliseconds (no finer part): " + text);
    }
    return duration;
  }

  private static Duration parseIso(String field, String text) {
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException notADuration) {
      return parseDaysAndWeeks(field, text);
    } catch (ArithmeticException tooLong) {
      throw new InvalidTimerException(field, "is too long: " + text);
    }
  }

  private static Duration parseDaysAndWeeks(String field, String text) {
    Period period;
    try {
      period = Period.parse(text);
    } catch (DateTimeParseException notAPeriod) {
      throw new InvalidTimerException(
          field, "not an ISO-8601 duration (e.g. PT30S, PT5M, P1D, P2W): " + text);
    }
    if (period.getYears() != 0 || period.getMonths() != 0) {
      throw new InvalidTimerException(
          field, "months and years have no fixed length; use days or weeks: " + text);
    }
    return Duration.ofDays(period.getDays());
  }
}

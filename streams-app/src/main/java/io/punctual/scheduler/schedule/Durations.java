package io.punctual.scheduler.schedule;

import io.punctual.InvalidTimerException;
import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;

/**
 * ISO-8601 durations of a timer definition, validated. Accepts what {@link Duration#parse} accepts
 * ({@code PT5M}, {@code P1DT2H}, {@code PT0.5S}) and whole days and weeks ({@code P1D}, {@code
 * P2W}, {@code P1W3D}). Months and years are refused: they have no fixed length.
 */
public final class Durations {
  private Durations() {}

  /**
   * Parses {@code text} as the value of {@code field}.
   *
   * @param field the dotted path of the field, used in the error ({@code schedule.every})
   * @param text the ISO-8601 duration
   * @param allowZero whether {@code PT0S} is acceptable; negative durations never are
   * @throws InvalidTimerException naming {@code field} when the text is not a duration, is
   *     negative, or is zero and zero is not allowed
   */
  public static Duration parse(String field, String text, boolean allowZero) {
    if (text == null || text.isBlank()) {
      throw new InvalidTimerException(field, "is required (an ISO-8601 duration such as PT5M)");
    }
    Duration duration = parseIso(field, text.strip());
    if (duration.isNegative() || (!allowZero && duration.isZero())) {
      throw new InvalidTimerException(
          field, (allowZero ? "must not be negative" : "must be positive") + ": " + text);
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

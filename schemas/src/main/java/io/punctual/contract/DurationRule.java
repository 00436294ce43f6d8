package io.punctual.contract;

import io.punctual.InvalidTimerException;
import java.time.Duration;

/**
 * The rule of one duration field of a timer definition: its dotted path, the least and the most it
 * may be. Durations are whole milliseconds: a finer part is refused, the same way everywhere.
 *
 * @param field the dotted path of the field, named in errors ({@code schedule.every})
 * @param min the least value, inclusive ({@link Duration#ZERO} when zero is acceptable)
 * @param max the most, inclusive
 */
public record DurationRule(String field, Duration min, Duration max) {
  /** {@code schedule.after}: from zero to {@link Limits#MAX_DELAY}. */
  public static final DurationRule AFTER =
      new DurationRule("schedule.after", Duration.ZERO, Limits.MAX_DELAY);

  /** {@code schedule.every}: from {@link Limits#MIN_PERIOD} to {@link Limits#MAX_PERIOD}. */
  public static final DurationRule EVERY =
      new DurationRule("schedule.every", Limits.MIN_PERIOD, Limits.MAX_PERIOD);

  /** {@code jitter}: from zero to {@link Limits#MAX_JITTER}. */
  public static final DurationRule JITTER =
      new DurationRule("jitter", Duration.ZERO, Limits.MAX_JITTER);

  /** {@code target.http.timeout}: from 1 ms to {@link Limits#MAX_TIMEOUT}. */
  public static final DurationRule TIMEOUT =
      new DurationRule("target.http.timeout", Duration.ofMillis(1), Limits.MAX_TIMEOUT);

  /** {@code retry.initialBackoff}: from 1 ms to {@link Limits#MAX_BACKOFF}. */
  public static final DurationRule INITIAL_BACKOFF =
      new DurationRule("retry.initialBackoff", Duration.ofMillis(1), Limits.MAX_BACKOFF);

  /** {@code retry.maxBackoff}: from 1 ms to {@link Limits#MAX_BACKOFF}. */
  public static final DurationRule MAX_BACKOFF =
      new DurationRule("retry.maxBackoff", Duration.ofMillis(1), Limits.MAX_BACKOFF);

  /**
   * Parses {@code text} under this rule.
   *
   * @throws InvalidTimerException naming the field when the text is missing, not an ISO-8601
   *     duration, finer than a millisecond, or outside {@code [min, max]}
   */
  public Duration parse(String text) {
    Duration duration = Durations.parse(field, text);
    if (duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
      throw new InvalidTimerException(
          field,
          "must be between " + min + " and " + max + " (" + max.toDays() + " days): " + text);
    }
    return duration;
  }

  /** The canonical text of {@code text} under this rule ({@code P1W} becomes {@code PT168H}). */
  public String canonical(String text) {
    return parse(text).toString();
  }
}

package io.punctual.api.internal.preview;

import io.punctual.CronDialect;
import io.punctual.InvalidTimerException;
import io.punctual.api.internal.QueryParams;
import io.punctual.api.internal.problems.ApiProblem;
import io.punctual.scheduler.schedule.CronSequence;
import io.punctual.scheduler.schedule.FiringSequence;
import io.punctual.scheduler.schedule.FixedRateSequence;
import io.punctual.scheduler.schedule.SingleInstant;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The firing sequence a preview asks about: exactly one of a cron (with its dialect and zone), an
 * {@code every} period (with its {@code startAt} anchor) or a single {@code at} instant.
 */
public final class SchedulePreview {
  private SchedulePreview() {}

  /** The sequence the parameters describe; the problem names the parameter at fault. */
  public static FiringSequence sequence(
      String cron, String dialect, String timeZone, String every, String startAt, String at) {
    int kinds = (present(cron) ? 1 : 0) + (present(every) ? 1 : 0) + (present(at) ? 1 : 0);
    if (kinds != 1) {
      throw ApiProblem.invalid("schedule", "give exactly one of cron, every or at");
    }
    if (present(cron)) {
      try {
        return CronSequence.parse(cron, dialect(dialect), present(timeZone) ? timeZone : null);
      } catch (InvalidTimerException e) {
        throw ApiProblem.invalid(parameterOf(e.field()), e.reason());
      }
    }
    if (present(every)) {
      Duration period = QueryParams.positiveDuration("every", every);
      return new FixedRateSequence(QueryParams.requiredInstant("startAt", startAt), period);
    }
    return new SingleInstant(QueryParams.requiredInstant("at", at));
  }

  /** Up to {@code count} instants of {@code sequence} at or after {@code from}. */
  public static List<Instant> next(FiringSequence sequence, Instant from, int count) {
    List<Instant> instants = new ArrayList<>();
    Instant next = sequence.next(from.minusMillis(1));
    while (next != null && instants.size() < count) {
      instants.add(next);
      next = sequence.next(next);
    }
    return instants;
  }

  private static CronDialect dialect(String dialect) {
    if (!present(dialect)) {
      return null;
    }
    try {
      return CronDialect.valueOf(dialect.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiProblem.invalid(
          "dialect", "unknown dialect '" + dialect + "' (UNIX, QUARTZ or SPRING)");
    }
  }

  /** {@code schedule.timeZone} → {@code timeZone}: problems name the query parameter. */
  private static String parameterOf(String field) {
    return field.startsWith("schedule.") ? field.substring("schedule.".length()) : field;
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }
}

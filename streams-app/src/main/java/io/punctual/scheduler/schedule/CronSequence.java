package io.punctual.scheduler.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.field.CronFieldName;
import io.punctual.CronDialect;
import io.punctual.InvalidTimerException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * The instants of a cron schedule in a time zone.
 *
 * <p>The cron is matched against local wall-clock date-times; the mapping to instants follows the
 * Vixie cron and Cronos rules:
 *
 * <ul>
 *   <li>a matching local time that does not exist (spring forward) fires at the transition instant;
 *       all matching times of one gap, and the gap's end, collapse into that one firing;
 *   <li>in a repeated hour (fall back), a fixed wall time fires once, at its first occurrence,
 *       while an {@linkplain #intervalLike() interval-like} cron fires in both passes.
 * </ul>
 *
 * <p>The result is a fixed set of instants: {@link #next(Instant)} depends on its argument only.
 * Instances are immutable and thread-safe.
 */
public final class CronSequence implements FiringSequence {
  static final String ZONE_FIELD = "schedule.timeZone";

  /**
   * 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the range {@link #next} searches and answers in
   * (the instants a definition may hold end there too); a schedule has no instant past it.
   */
  private static final long MIN_EPOCH_SECOND = -62135596800L;

  private static final long MAX_EPOCH_SECOND = 253402300799L;

  /** More zone transitions than 400 years hold: the search never gets there for a real zone. */
  private static final int MAX_TRANSITIONS = 10_000;

  private final String expression;
  private final CronDialect dialect;
  private final ZoneId zone;
  private final ZoneRules rules;
  private final ZoneOffset fixedOffset;
  private final WallClockCron wallClock;
  private final boolean intervalLike;

  private CronSequence(
      String expression,
      CronDialect dialect,
      ZoneId zone,
      WallClockCron wallClock,
      boolean intervalLike) {
    this.expression = expression;
    this.dialect = dialect;
    this.zone = zone;
    this.rules = zone.getRules();
    this.fixedOffset = rules.isFixedOffset() ? rules.getOffset(Instant.EPOCH) : null;
    this.wallClock = wallClock;
    this.intervalLike = intervalLike;
  }

  /**
   * Parses and validates a cron schedule.
   *
   * @param expression the cron expression
   * @param dialect UNIX, QUARTZ or SPRING; AUTO or null infers it from the field count: 5 fields
   *     UNIX, 6 or 7 QUARTZ
   * @param timeZone an IANA time-zone id ({@code Europe/Paris}); null means UTC
   * @throws InvalidTimerException naming {@code schedule.cron}, {@code schedule.dialect} or {@code
   *     schedule.timeZone}, including for an expression that can never fire ({@code 0 0 30 2 *})
   */
  public static CronSequence parse(String expression, CronDialect dialect, String timeZone) {
    if (expression == null || expression.isBlank()) {
      throw new InvalidTimerException(CronCompiler.FIELD, "is required");
    }
    String text = expression.strip();
    String[] fields = text.split("\\s+");
    CronDialect resolved = CronSyntax.resolve(dialect, fields);
    Cron cron = CronSyntax.parse(text, resolved);
    boolean eitherDay =
        resolved == CronDialect.UNIX && !fields[2].startsWith("*") && !fields[4].startsWith("*");
    WallClockCron wallClock = CronCompiler.compile(cron, resolved, eitherDay);
    if (!wallClock.firesEver()) {
      throw new InvalidTimerException(
          CronCompiler.FIELD, "can never fire: no date matches '" + text + "'");
    }
    boolean intervalLike =
        CronCompiler.intervalLike(cron, CronFieldName.SECOND)
            || CronCompiler.intervalLike(cron, CronFieldName.MINUTE)
            || CronCompiler.intervalLike(cron, CronFieldName.HOUR);
    return new CronSequence(text, resolved, zone(timeZone), wallClock, intervalLike);
  }

  private static ZoneId zone(String timeZone) {
    if (timeZone == null) {
      return ZoneOffset.UTC;
    }
    try {
      return ZoneId.of(timeZone.strip());
    } catch (DateTimeException unknown) {
      throw new InvalidTimerException(
          ZONE_FIELD,
          "unknown time zone '" + timeZone + "' (expected an IANA id such as Europe/Paris)");
    }
  }

  /**
   * Whether a seconds, minute or hour field contains {@code *}, {@code -} or {@code /}. Such a cron
   * keeps its rhythm in real time across a fall-back overlap and fires in both passes; a fixed wall
   * time fires in the first pass only.
   */
  public boolean intervalLike() {
    return intervalLike;
  }

  @Override
  public Instant next(Instant after) {
    long from = Math.max(after.getEpochSecond(), MIN_EPOCH_SECOND);
    if (from >= MAX_EPOCH_SECOND) {
      return null;
    }
    Instant next;
    if (fixedOffset != null) {
      LocalDateTime match =
          wallClock.next(LocalDateTime.ofEpochSecond(from, 0, fixedOffset), false);
      next = match == null ? null : Instant.ofEpochSecond(match.toEpochSecond(fixedOffset));
    } else {
      next = nextInZone(from);
    }
    return next == null || next.getEpochSecond() > MAX_EPOCH_SECOND ? null : next;
  }

  /**
   * Walks the zone's transitions from {@code from} until the next matching local time lies before
   * the next transition, or inside the gap it opens.
   */
  private Instant nextInZone(long from) {
    Instant cursor = Instant.ofEpochSecond(from);
    boolean inclusive = false;
    LocalDateTime match = null;
    LocalDateTime searchedFrom = null;
    boolean searchedInclusive = false;
    for (int step = 0; step < MAX_TRANSITIONS; step++) {
      ZoneOffset offset = rules.getOffset(cursor);
      LocalDateTime local = LocalDateTime.ofEpochSecond(cursor.getEpochSecond(), 0, offset);
      if (!intervalLike) {
        ZoneOffsetTransition previous = rules.previousTransition(cursor.plusSeconds(1));
        if (previous != null
            && previous.isOverlap()
            && local.isBefore(previous.getDateTimeBefore())) {
          local = previous.getDateTimeBefore();
          inclusive = true;
        }
      }
      boolean stillNext =
          match != null
              && !match.isBefore(local)
              && (local.isAfter(searchedFrom) || (local.equals(searchedFrom) && searchedInclusive));
      if (!stillNext) {
        match = wallClock.next(local, inclusive);
        if (match == null) {
          return null;
        }
        searchedFrom = local;
        searchedInclusive = inclusive;
      }
      ZoneOffsetTransition transition = rules.nextTransition(cursor);
      if (transition == null || match.isBefore(transition.getDateTimeBefore())) {
        return Instant.ofEpochSecond(match.toEpochSecond(offset));
      }
      if (transition.isGap() && !match.isAfter(transition.getDateTimeAfter())) {
        return transition.getInstant();
      }
      cursor = transition.getInstant();
      inclusive = true;
    }
    return null;
  }

  @Override
  public String toString() {
    return dialect + " cron '" + expression + "' in " + zone;
  }
}

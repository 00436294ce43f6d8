package io.punctual.scheduler.schedule;

import java.time.LocalDateTime;

/**
 * A compiled cron evaluated on local wall-clock date-times, without any time zone: which local
 * date-times match, and the next one after a given one. Immutable.
 */
final class WallClockCron {
  /** The Gregorian calendar repeats every 400 years: a cron matching nothing in 400 never does. */
  private static final int SEARCH_YEARS = 400;

  private static final int REFERENCE_YEAR = 2000;

  private final ValueSet seconds;
  private final ValueSet minutes;
  private final ValueSet hours;
  private final ValueSet months;
  private final DayMatcher days;
  private final YearSet years;

  WallClockCron(
      ValueSet seconds,
      ValueSet minutes,
      ValueSet hours,
      ValueSet months,
      DayMatcher days,
      YearSet years) {
    this.seconds = seconds;
    this.minutes = minutes;
    this.hours = hours;
    this.months = months;
    this.days = days;
    this.years = years;
  }

  /** Whether any local date-time matches at all (in the year field's range, or in 400 years). */
  boolean firesEver() {
    if (seconds.isEmpty() || minutes.isEmpty() || hours.isEmpty() || months.isEmpty()) {
      return false;
    }
    int start = years.isRestricted() ? years.first() : REFERENCE_YEAR;
    return start >= 0 && next(LocalDateTime.of(start, 1, 1, 0, 0), true) != null;
  }

  /**
   * The first matching local date-time after {@code from} (or at it, when {@code inclusive}), in
   * whole seconds; null when none matches within the year field or the next 400 years.
   */
  LocalDateTime next(LocalDateTime from, boolean inclusive) {
    int year = from.getYear();
    int month = from.getMonthValue();
    int day = from.getDayOfMonth();
    int hour = from.getHour();
    int minute = from.getMinute();
    int second = from.getSecond() + (inclusive && from.getNano() == 0 ? 0 : 1);
    int lastYear = years.isRestricted() ? years.last() : year + SEARCH_YEARS;
    int maskYear = 0;
    int maskMonth = 0;
    long dayMask = 0;
    while (true) {
      int nextYear = years.nextFrom(year);
      if (nextYear < 0 || nextYear > lastYear) {
        return null;
      }
      if (nextYear != year) {
        year = nextYear;
        month = 1;
        day = 1;
        hour = minute = second = 0;
      }
      int nextMonth = months.nextFrom(month);
      if (nextMonth < 0) {
        year++;
        month = day = 1;
        hour = minute = second = 0;
        continue;
      }
      if (nextMonth != month) {
        month = nextMonth;
        day = 1;
        hour = minute = second = 0;
      }
      if (maskYear != year || maskMonth != month) {
        dayMask = days.days(year, month);
        maskYear = year;
        maskMonth = month;
      }
      int nextDay = nextDay(dayMask, day);
      if (nextDay < 0) {
        month++;
        day = 1;
        hour = minute = second = 0;
        continue;
      }
      if (nextDay != day) {
        day = nextDay;
        hour = minute = second = 0;
      }
      int nextHour = hours.nextFrom(hour);
      if (nextHour < 0) {
        day++;
        hour = minute = second = 0;
        continue;
      }
      if (nextHour != hour) {
        hour = nextHour;
        minute = second = 0;
      }
      int nextMinute = minutes.nextFrom(minute);
      if (nextMinute < 0) {
        hour++;
        minute = second = 0;
        continue;
      }
      if (nextMinute != minute) {
        minute = nextMinute;
        second = 0;
      }
      int nextSecond = seconds.nextFrom(second);
      if (nextSecond < 0) {
        minute++;
        second = 0;
        continue;
      }
      return LocalDateTime.of(year, month, day, hour, minute, nextSecond);
    }
  }

  private static int nextDay(long dayMask, int day) {
    long candidates = dayMask & (-1L << day);
    return candidates == 0 ? -1 : Long.numberOfTrailingZeros(candidates);
  }
}

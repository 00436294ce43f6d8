package io.punctual.scheduler.schedule;

import java.util.List;

/** The day rules of cron day-of-month and day-of-week fields, including Quartz's L, W and #. */
final class DaySelectors {
  static final int SUNDAY = 0;
  static final int SATURDAY = 6;

  private DaySelectors() {}

  /** Every day of the month. */
  static DaySelector all() {
    return (length, first) -> monthMask(length);
  }

  /** Plain days of month (bit d = day d); days beyond the month's length never match. */
  static DaySelector daysOfMonth(long days) {
    return (length, first) -> days & monthMask(length);
  }

  /** {@code L} and {@code L-n}: the last day of the month, or {@code offset} days before it. */
  static DaySelector lastDay(int offset) {
    return (length, first) -> length - offset >= 1 ? 1L << (length - offset) : 0;
  }

  /** {@code LW}: the last weekday (Monday to Friday) of the month. */
  static DaySelector lastWeekday() {
    return (length, first) -> {
      int dayOfWeek = dayOfWeek(first, length);
      int day = dayOfWeek == SATURDAY ? length - 1 : dayOfWeek == SUNDAY ? length - 2 : length;
      return 1L << day;
    };
  }

  /**
   * {@code nW}: the weekday nearest to day {@code day}, without leaving the month (Quartz: 1W on a
   * Saturday is Monday the 3rd). A day the month does not have selects nothing.
   */
  static DaySelector nearestWeekday(int day) {
    return (length, first) -> {
      if (day > length) {
        return 0;
      }
      int dayOfWeek = dayOfWeek(first, day);
      int weekday = day;
      if (dayOfWeek == SATURDAY) {
        weekday = day == 1 ? 3 : day - 1;
      } else if (dayOfWeek == SUNDAY) {
        weekday = day == length ? day - 2 : day + 1;
      }
      return 1L << weekday;
    };
  }

  /** Plain days of week: bit w of {@code daysOfWeek} set (0 = Sunday) selects those days. */
  static DaySelector daysOfWeek(int daysOfWeek) {
    return (length, first) -> {
      long days = 0;
      for (int day = 1; day <= length; day++) {
        if ((daysOfWeek & (1 << dayOfWeek(first, day))) != 0) {
          days |= 1L << day;
        }
      }
      return days;
    };
  }

  /** {@code dL}: the last given day of week of the month. */
  static DaySelector lastOfWeek(int dayOfWeek) {
    return (length, first) ->
        1L << (length - Math.floorMod(dayOfWeek(first, length) - dayOfWeek, 7));
  }

  /** {@code d#n}: the n-th given day of week of the month; nothing when the month has no n-th. */
  static DaySelector nthOfWeek(int dayOfWeek, int nth) {
    return (length, first) -> {
      int day = 1 + Math.floorMod(dayOfWeek - first, 7) + 7 * (nth - 1);
      return nth >= 1 && day <= length ? 1L << day : 0;
    };
  }

  /** The days any of {@code selectors} selects. */
  static DaySelector union(List<DaySelector> selectors) {
    if (selectors.size() == 1) {
      return selectors.get(0);
    }
    DaySelector[] parts = selectors.toArray(new DaySelector[0]);
    return (length, first) -> {
      long days = 0;
      for (DaySelector part : parts) {
        days |= part.select(length, first);
      }
      return days;
    };
  }

  private static long monthMask(int length) {
    return ((1L << (length + 1)) - 1) & ~1L;
  }

  private static int dayOfWeek(int firstDayOfWeek, int day) {
    return (firstDayOfWeek + day - 1) % 7;
  }
}

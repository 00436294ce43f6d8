package io.punctual.scheduler.schedule;

/**
 * Selects days of one month. The result is a bit mask: bit {@code d} set means day {@code d} (1 to
 * 31) is selected.
 */
@FunctionalInterface
interface DaySelector {

  /**
   * @param length the number of days of the month
   * @param firstDayOfWeek the day of week of the 1st: 0 = Sunday ... 6 = Saturday
   */
  long select(int length, int firstDayOfWeek);
}

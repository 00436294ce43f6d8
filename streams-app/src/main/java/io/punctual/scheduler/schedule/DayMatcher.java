package io.punctual.scheduler.schedule;

import java.time.LocalDate;

/**
 * The days of a month a cron fires on: its day-of-month rule combined with its day-of-week rule,
 * either both (Quartz, Spring, and UNIX when one field starts with {@code *}) or either (UNIX when
 * both are restricted: the Vixie rule).
 */
final class DayMatcher {
  private final DaySelector dayOfMonth;
  private final DaySelector dayOfWeek;
  private final boolean either;

  DayMatcher(DaySelector dayOfMonth, DaySelector dayOfWeek, boolean either) {
    this.dayOfMonth = dayOfMonth;
    this.dayOfWeek = dayOfWeek;
    this.either = either;
  }

  /** The matching days of {@code month} of {@code year}: bit d set means day d matches. */
  long days(int year, int month) {
    LocalDate first = LocalDate.of(year, month, 1);
    int length = first.lengthOfMonth();
    int firstDayOfWeek = first.getDayOfWeek().getValue() % 7;
    long byMonth = dayOfMonth.select(length, firstDayOfWeek);
    long byWeek = dayOfWeek.select(length, firstDayOfWeek);
    return either ? byMonth | byWeek : byMonth & byWeek;
  }
}

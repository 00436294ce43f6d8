package io.punctual.json;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * ISO-8601 text of instants in milliseconds, as {@link Instant#toString()} and {@link
 * OffsetDateTime#parse} give and take it, without their formatter machinery for the common form
 * {@code 2026-03-08T07:00:00.123Z}: every invocation and status event carries several instants.
 * Anything else (another offset, another precision, a year outside 0000–9999, a day past the 28th)
 * goes through {@code java.time}.
 */
public final class InstantText {
  private static final long SECONDS_PER_DAY = 86_400;

  private InstantText() {}

  /** {@code instant.truncatedTo(MILLIS).toString()}. */
  static String format(long epochMillis) {
    long seconds = Math.floorDiv(epochMillis, 1000);
    int millis = Math.floorMod(epochMillis, 1000);
    long days = Math.floorDiv(seconds, SECONDS_PER_DAY);
    int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
    // civil date from days since 1970-01-01 (proleptic Gregorian)
    long z = days + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long dayOfEra = z - era * 146_097;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long shiftedMonth = (5 * dayOfYear + 2) / 153;
    int day = (int) (dayOfYear - (153 * shiftedMonth + 2) / 5 + 1);
    int month = (int) (shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9);
    long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    if (year < 0 || year > 9999) {
      return Instant.ofEpochMilli(epochMillis).toString();
    }
    byte[] text = new byte[millis == 0 ? 20 : 24];
    digits(text, 0, (int) year, 4);
    text[4] = '-';
    digits(text, 5, month, 2);
    text[7] = '-';
    digits(text, 8, day, 2);
    text[10] = 'T';
    digits(text, 11, secondOfDay / 3600, 2);
    text[13] = ':';
    digits(text, 14, secondOfDay / 60 % 60, 2);
    text[16] = ':';
    digits(text, 17, secondOfDay % 60, 2);
    if (millis != 0) {
      text[19] = '.';
      digits(text, 20, millis, 3);
    }
    text[text.length - 1] = 'Z';
    return new String(text, StandardCharsets.ISO_8859_1);
  }

  /** {@code OffsetDateTime.parse(text).toInstant()}. */
  public static Instant parse(String text) {
    int length = text.length();
    if ((length == 20 || length == 24)
        && text.charAt(length - 1) == 'Z'
        && text.charAt(4) == '-'
        && text.charAt(7) == '-'
        && text.charAt(10) == 'T'
        && text.charAt(13) == ':'
        && text.charAt(16) == ':'
        && (length == 20 || text.charAt(19) == '.')) {
      int year = number(text, 0, 4);
      int month = number(text, 5, 2);
      int day = number(text, 8, 2);
      int hour = number(text, 11, 2);
      int minute = number(text, 14, 2);
      int second = number(text, 17, 2);
      int millis = length == 24 ? number(text, 20, 3) : 0;
      if (year >= 0
          && month >= 1
          && month <= 12
          && day >= 1
          && day <= 28
          && hour >= 0
          && hour <= 23
          && minute >= 0
          && minute <= 59
          && second >= 0
          && second <= 59
          && millis >= 0) {
        long days = daysFromCivil(year, month, day);
        return Instant.ofEpochSecond(
            days * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second, millis * 1_000_000L);
      }
    }
    return OffsetDateTime.parse(text).toInstant();
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date. */
  private static long daysFromCivil(int year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yearOfEra = y - era * 400;
    long dayOfYear = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097 + dayOfEra - 719_468;
  }

  /** The decimal number of {@code width} ASCII digits at {@code from}, or -1 if one is not. */
  private static int number(String text, int from, int width) {
    int value = 0;
    for (int i = from; i < from + width; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static void digits(byte[] text, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      text[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
  }
}

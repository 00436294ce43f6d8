package io.punctual.scheduler.schedule;

import io.punctual.InvalidTimerException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The UNIX day-of-week field in Vixie cron's numbering, rewritten for cron-utils, which numbers the
 * names from MON = 1 to SUN = 7 and so refuses {@code SUN-TUE} as the range 7-2.
 *
 * <ul>
 *   <li>a name is its Vixie number: SUN = 0, MON = 1 ... SAT = 6 (7 is Sunday too);
 *   <li>a range ending on Sunday ({@code SAT-SUN}, {@code 5-0}) ends at 7, as croniter reads it
 *       (Vixie cron refuses it);
 *   <li>any other range whose end is below its start ({@code FRI-MON}) is refused, as Vixie cron
 *       and croniter refuse it.
 * </ul>
 */
final class UnixDaysOfWeek {
  private static final List<String> NAMES =
      List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
  private static final Pattern NAME =
      Pattern.compile("(?i)(?<![/\\w])(sun|mon|tue|wed|thu|fri|sat)(?!\\w)");
  private static final Pattern RANGE = Pattern.compile("(\\d+)-(\\d+)");
  private static final int SUNDAY = 0;
  private static final int SUNDAY_AS_END = 7;

  private UnixDaysOfWeek() {}

  /** {@code expression} with its day-of-week field (the fifth of five) rewritten; else as is. */
  static String normalize(String expression) {
    String[] fields = expression.split("\\s+");
    if (fields.length != 5) {
      return expression;
    }
    fields[4] = field(fields[4]);
    return String.join(" ", fields);
  }

  private static String field(String field) {
    String numbered =
        NAME.matcher(field)
            .replaceAll(
                name -> Integer.toString(NAMES.indexOf(name.group(1).toUpperCase(Locale.ROOT))));
    Matcher range = RANGE.matcher(numbered);
    StringBuilder out = new StringBuilder();
    while (range.find()) {
      int from = Integer.parseInt(range.group(1));
      int to = Integer.parseInt(range.group(2));
      if (to == SUNDAY && from > SUNDAY) {
        to = SUNDAY_AS_END;
      } else if (to < from) {
        throw new InvalidTimerException(
            CronCompiler.FIELD,
            "day-of-week range "
                + from
                + "-"
                + to
                + " in '"
                + field
                + "' wraps around the week (SUN = 0 ... SAT = 6); Vixie cron refuses it:"
                + " write it as two ranges, such as FRI-SAT,SUN-MON");
      }
      range.appendReplacement(out, from + "-" + to);
    }
    range.appendTail(out);
    return out.toString();
  }
}

package io.punctual.contract;

import io.punctual.InvalidTimerException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The HTTP status codes that count as success for a target: a comma-separated list of codes ({@code
 * 204}), ranges ({@code 200-299}) and classes ({@code 2xx}), from 100 to 599, blanks around each
 * element ignored. Empty or absent means {@code 2xx}.
 */
public final class SuccessCodes {
  /** The field these rules apply to. */
  public static final String FIELD = "target.http.successCodes";

  private record Range(int from, int to) {}

  private final List<Range> ranges;
  private final String text;

  private SuccessCodes(List<Range> ranges, String text) {
    this.ranges = ranges;
    this.text = text;
  }

  /**
   * Parses a list.
   *
   * @throws InvalidTimerException naming the field and the bad element
   */
  public static SuccessCodes parse(String text) {
    String spec = text == null || text.isBlank() ? "2xx" : text;
    if (spec.length() > Limits.MAX_SUCCESS_CODES_LENGTH) {
      throw new InvalidTimerException(
          FIELD, "longer than " + Limits.MAX_SUCCESS_CODES_LENGTH + " characters");
    }
    List<Range> ranges = new ArrayList<>();
    for (String raw : spec.split(",", -1)) {
      ranges.add(element(raw.strip().toLowerCase(Locale.ROOT), spec));
    }
    return new SuccessCodes(List.copyOf(ranges), spec);
  }

  /** The canonical text of a list: its elements without blanks, joined by commas. */
  public static String canonical(String text) {
    return parse(text).ranges.stream()
        .map(
            range ->
                range.from() == range.to() ? "" + range.from() : range.from() + "-" + range.to())
        .reduce((a, b) -> a + "," + b)
        .orElse("2xx");
  }

  private static Range element(String element, String spec) {
    try {
      if (isClass(element)) {
        int base = (element.charAt(0) - '0') * 100;
        return new Range(base, base + 99);
      }
      int dash = element.indexOf('-');
      Range range =
          dash < 0
              ? new Range(code(element), code(element))
              : new Range(
                  code(element.substring(0, dash).strip()),
                  code(element.substring(dash + 1).strip()));
      if (range.from() < 100 || range.to() > 599 || range.from() > range.to()) {
        throw new NumberFormatException("out of 100-599");
      }
      return range;
    } catch (NumberFormatException e) {
      throw new InvalidTimerException(
          FIELD,
          "'"
              + spec
              + "': '"
              + element
              + "' is not a status code (204), a range (200-299) or a class (2xx)",
          e);
    }
  }

  private static int code(String digits) {
    if (digits.length() != 3) {
      throw new NumberFormatException("not three digits");
    }
    for (int i = 0; i < 3; i++) {
      if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
        throw new NumberFormatException("not three digits");
      }
    }
    return Integer.parseInt(digits);
  }

  private static boolean isClass(String element) {
    return element.length() == 3
        && element.charAt(0) >= '1'
        && element.charAt(0) <= '5'
        && element.endsWith("xx");
  }

  /** Whether the status counts as success. */
  public boolean matches(int status) {
    for (Range range : ranges) {
      if (status >= range.from() && status <= range.to()) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return text;
  }
}

package io.punctual.executor.internal;

import io.punctual.executor.ExecutorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The HTTP status codes that count as success for a target: a comma-separated list of codes ({@code
 * 204}), ranges ({@code 200-299}) and classes ({@code 2xx}). Empty or absent means {@code 2xx}.
 */
public final class SuccessCodes {
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
   * @throws ExecutorException naming the bad element
   */
  public static SuccessCodes parse(String text) {
    String spec = text == null || text.isBlank() ? "2xx" : text;
    List<Range> ranges = new ArrayList<>();
    for (String raw : spec.split(",")) {
      ranges.add(element(raw.trim().toLowerCase(Locale.ROOT), spec));
    }
    return new SuccessCodes(List.copyOf(ranges), spec);
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
              ? new Range(Integer.parseInt(element), Integer.parseInt(element))
              : new Range(
                  Integer.parseInt(element.substring(0, dash).trim()),
                  Integer.parseInt(element.substring(dash + 1).trim()));
      if (range.from() < 100 || range.to() > 599 || range.from() > range.to()) {
        throw new NumberFormatException("out of 100-599");
      }
      return range;
    } catch (NumberFormatException e) {
      throw new ExecutorException(
          "invalid successCodes '"
              + spec
              + "': '"
              + element
              + "' is not a status code (204), a range (200-299) or a class (2xx)",
          e);
    }
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

package io.punctual.scheduler.schedule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Test helper: walks a firing sequence. */
final class Firings {
  private Firings() {}

  /** The next {@code count} firings after {@code from}, as ISO text; "none" marks the end. */
  static List<String> walk(FiringSequence sequence, Instant from, int count) {
    List<String> firings = new ArrayList<>();
    Instant cursor = from;
    while (firings.size() < count) {
      cursor = sequence.next(cursor);
      if (cursor == null) {
        firings.add("none");
        break;
      }
      firings.add(cursor.toString());
    }
    return firings;
  }

  /** The expected firings column of a table: space-separated instants, or "none". */
  static List<String> expected(String column) {
    return List.of(column.trim().split("\\s+"));
  }
}

package io.punctual.reliability;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Proof, from the triggers of a partition, that its task was firing at some time: the scheduler
 * takes due entries in due order, so a trigger for an instant at or after {@code s}, emitted after
 * the timer's previous firing was committed, shows that an instant {@code s} of that timer was
 * taken by then. An instant of a definition that a later definition replaced is missing only when
 * such a proof exists from before the replacement was written; without one, the replacement may
 * have been applied first, and the instant was rightly never emitted.
 */
final class Witnesses {
  private final Map<Integer, List<Observations.Trigger>> byPartition = new HashMap<>();

  Witnesses(List<Observations.Trigger> triggers) {
    for (Observations.Trigger t : triggers) {
      byPartition.computeIfAbsent(t.partition(), p -> new ArrayList<>()).add(t);
    }
    byPartition
        .values()
        .forEach(l -> l.sort(Comparator.comparingLong(Observations.Trigger::emittedAt)));
  }

  /**
   * Whether partition {@code partition} emitted, in {@code [from, before)}, a trigger due at or
   * after {@code due}.
   */
  boolean firedPast(int partition, long due, long from, long before) {
    List<Observations.Trigger> triggers = byPartition.getOrDefault(partition, List.of());
    int low = 0;
    int high = triggers.size();
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (triggers.get(mid).emittedAt() < from) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    for (int i = low; i < triggers.size() && triggers.get(i).emittedAt() < before; i++) {
      if (triggers.get(i).scheduledAt() >= due) {
        return true;
      }
    }
    return false;
  }
}

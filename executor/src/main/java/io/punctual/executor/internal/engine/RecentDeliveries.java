package io.punctual.executor.internal.engine;

import io.punctual.executor.internal.Trigger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The outcome of each recent delivery this executor ended, by invocation id and attempt, for when
 * the same trigger is delivered again: a commit lost to a rebalance or a broker restart makes the
 * consumer poll again what it had performed. Such a trigger is not performed a second time; its
 * offset is marked done once the first delivery's outcome is acknowledged. Bounded: the oldest are
 * forgotten first. Thread-safe.
 */
final class RecentDeliveries {
  private final Map<String, CompletableFuture<Void>> outcomes;

  RecentDeliveries(int capacity) {
    this.outcomes =
        new LinkedHashMap<>(1024, 0.75f, false) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<Void>> eldest) {
            return size() > capacity;
          }
        };
  }

  /** The key of a delivery: the trigger's invocation id and attempt. */
  private static String key(Trigger trigger) {
    return trigger.id() + "#" + trigger.invocation().getAttempt();
  }

  /** Remembers that the delivery ended, its outcome acknowledged when {@code acked} completes. */
  synchronized void ended(Trigger trigger, CompletableFuture<Void> acked) {
    outcomes.put(key(trigger), acked);
  }

  /** The acknowledgement of an earlier delivery of the same trigger, or null. */
  synchronized CompletableFuture<Void> earlier(Trigger trigger) {
    return outcomes.get(key(trigger));
  }
}

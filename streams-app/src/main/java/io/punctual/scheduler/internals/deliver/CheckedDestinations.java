package io.punctual.scheduler.internals.deliver;

import io.punctual.InvalidTimerException;
import io.punctual.contract.TopicAllowlist;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The allowlist's answers about destination topics, kept: a task delivers many records to few
 * topics, and checking a name (a pattern match per reserved prefix and per allowed pattern) for
 * each record cost more than the rest of its intake. At most {@link #MOST} answers are kept, the
 * least recently used going first. One per processor: not shared between threads.
 */
final class CheckedDestinations {
  static final int MOST = 1_024;

  private final TopicAllowlist allowlist;
  private final String field;
  private final Map<String, InvalidTimerException> answers =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, InvalidTimerException> eldest) {
          return size() > MOST;
        }
      };

  CheckedDestinations(TopicAllowlist allowlist, String field) {
    this.allowlist = allowlist;
    this.field = field;
  }

  /**
   * Checks a destination.
   *
   * @throws InvalidTimerException naming the field when it may not be delivered to
   */
  void check(String topic) {
    InvalidTimerException refused = answers.get(topic);
    if (refused == null && !answers.containsKey(topic)) {
      try {
        allowlist.check(field, topic);
      } catch (InvalidTimerException e) {
        refused = e;
      }
      answers.put(topic, refused);
    }
    if (refused != null) {
      throw new InvalidTimerException(refused.field(), refused.reason());
    }
  }
}

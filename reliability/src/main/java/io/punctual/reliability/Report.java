package io.punctual.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checker's counts, with a few examples of each that is not zero, the faults, and what the run
 * was. {@link #ok()} holds when the guarantees held: nothing missing, duplicated, early, unexpected
 * or without a final outcome, actions repeated only with their own key around executor kills, and
 * every delayed record that was not cancelled delivered once, as sent, in order, never early.
 */
final class Report {
  /** How long before and after an executor kill a repeated action counts as caused by it. */
  static final long EXECUTOR_KILL_MARGIN_MS = 60_000;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The counts, in the order the report lists them. */
  enum Count {
    /** Due instants that had to be accounted for. */
    EXPECTED,
    /** Expected instants that a trigger carried. */
    FOUND,
    /** Expected instants that the misfire policy reported as not fired (MISFIRED, SKIPPED). */
    MISFIRED,
    /** Expected instants neither fired nor reported. */
    MISSING,
    /** Triggers repeating an invocation id and attempt. */
    DUPLICATED,
    /** Early triggers and early actions. */
    EARLY,
    /** Invocations fired without a final outcome (SUCCEEDED, DEAD_LETTERED, CANCELLED). */
    WITHOUT_OUTCOME,
    /** Actions performed again with the same idempotency key and attempt. */
    DUPLICATE_ACTIONS_SAME_KEY,
    /** Instants performed under more than one key. */
    DUPLICATE_ACTIONS_OTHER_KEY,
    /** Faults injected. */
    FAULTS,
    /** Trigger records read, every attempt. */
    FIRINGS,
    /** Triggers emitted before their instant less the lookahead. */
    EARLY_TRIGGERS,
    /** Actions that arrived before their instant. */
    EARLY_ACTIONS,
    /** Triggers of no instant of the definition that emitted them. */
    UNEXPECTED,
    /** Triggers of a replaced definition after a trigger of its replacement. */
    FIRED_AFTER_REPLACEMENT,
    /** Instants due before a replacement that the replacement may have cancelled. */
    SUPERSEDED,
    /** Instants fired after their definition was replaced, before the replacement applied. */
    FIRED_AFTER_END,
    /** Instants fired after their timer was deleted, before the delete applied. */
    FIRED_AFTER_DELETE,
    /** Instants of a new schedule fired at or before the last instant of the old one. */
    FIRED_BEFORE_START,
    /** Actions read: calls the target recorded and records delivered. */
    ACTIONS,
    /** Invocations that SUCCEEDED with no action recorded. */
    ACTIONS_MISSING,
    /** Actions whose key no trigger carried. */
    ACTIONS_WITHOUT_TRIGGER,
    /** Repeated actions that repeat a duplicated trigger (counted in DUPLICATED already). */
    DUPLICATE_ACTIONS_OF_DUPLICATED_TRIGGERS,
    /** Repeated actions around an executor kill (its redelivery). */
    DUPLICATE_ACTIONS_AROUND_EXECUTOR_KILLS,
    /** Repeated actions away from any executor kill. */
    DUPLICATE_ACTIONS_ELSEWHERE,
    /** Delayed records sent (cancelled ones included). */
    DELAYED_SENT,
    /** Delayed records cancelled before their instant. */
    DELAYED_CANCELLED,
    /** Delayed records read at their destination, every copy. */
    DELAYED_DELIVERED,
    /** Delayed records sent, not cancelled, and not delivered. */
    DELAYED_MISSING,
    /** Delayed records delivered more than once. */
    DELAYED_DUPLICATED,
    /** Delayed records appended to their destination before their instant. */
    DELAYED_EARLY,
    /** Delayed records delivered with another key, value or headers than sent. */
    DELAYED_ALTERED,
    /** Delayed records delivered before one of the same key and instant sent before them. */
    DELAYED_OUT_OF_ORDER,
    /** Delayed records delivered although cancelled. */
    DELAYED_CANCELLED_DELIVERED;

    /**
     * Its name in the JSON report: {@code DUPLICATE_ACTIONS_SAME_KEY} is {@code
     * duplicateActionsSameKey}.
     */
    String key() {
      StringBuilder key = new StringBuilder();
      boolean upper = false;
      for (char c : name().toCharArray()) {
        if (c == '_') {
          upper = true;
        } else {
          key.append(upper ? c : Character.toLowerCase(c));
          upper = false;
        }
      }
      return key.toString();
    }
  }

  private final Map<Count, Long> counts;
  private final Map<Count, List<String>> samples;
  private final List<Fault> faults;
  private final Map<String, Object> run = new LinkedHashMap<>();

  private Report(Map<Count, Long> counts, Map<Count, List<String>> samples, List<Fault> faults) {
    this.counts = counts;
    this.samples = samples;
    this.faults = faults;
  }

  long get(Count count) {
    return counts.getOrDefault(count, 0L);
  }

  /** Examples of what was counted. */
  List<String> samples(Count count) {
    return samples.getOrDefault(count, List.of());
  }

  /** Whether every guarantee held. */
  boolean ok() {
    return get(Count.MISSING) == 0
        && get(Count.DUPLICATED) == 0
        && get(Count.EARLY) == 0
        && get(Count.WITHOUT_OUTCOME) == 0
        && get(Count.UNEXPECTED) == 0
        && get(Count.FIRED_AFTER_REPLACEMENT) == 0
        && get(Count.DUPLICATE_ACTIONS_OTHER_KEY) == 0
        && get(Count.DUPLICATE_ACTIONS_ELSEWHERE) == 0
        && get(Count.ACTIONS_MISSING) == 0
        && get(Count.ACTIONS_WITHOUT_TRIGGER) == 0
        && get(Count.DELAYED_MISSING) == 0
        && get(Count.DELAYED_DUPLICATED) == 0
        && get(Count.DELAYED_EARLY) == 0
        && get(Count.DELAYED_ALTERED) == 0
        && get(Count.DELAYED_OUT_OF_ORDER) == 0
        && get(Count.DELAYED_CANCELLED_DELIVERED) == 0;
  }

  /** Adds a fact about the run (settings, timers, mutations, durations) to the report. */
  Report with(String key, Object value) {
    run.put(key, value);
    return this;
  }

  /** One line per count, then the examples of each count that should be zero and is not. */
  String summary() {
    StringBuilder text = new StringBuilder();
    for (Count count : Count.values()) {
      text.append(String.format("%-38s %,d%n", count.key(), get(count)));
    }
    samples.forEach(
        (count, examples) -> text.append(count.key()).append(": ").append(examples).append('\n'));
    text.append(ok() ? "OK: every guarantee held\n" : "FAILED: a guarantee did not hold\n");
    return text.toString();
  }

  /** Writes the report as JSON. */
  void writeTo(Path file) {
    ObjectNode root = JSON.createObjectNode();
    for (Count count : Count.values()) {
      root.put(count.key(), get(count));
    }
    root.put("ok", ok());
    ObjectNode byKind = root.putObject("faultsByKind");
    Map<Fault.Kind, Integer> kinds = new EnumMap<>(Fault.Kind.class);
    faults.forEach(f -> kinds.merge(f.kind(), 1, Integer::sum));
    kinds.forEach((kind, n) -> byKind.put(kind.name(), n));
    ArrayNode events = root.putArray("faultEvents");
    for (Fault f : faults) {
      events
          .addObject()
          .put("kind", f.kind().name())
          .put("targets", f.targets())
          .put("start", Instant.ofEpochMilli(f.startMs()).toString())
          .put("seconds", (f.endMs() - f.startMs()) / 1000.0);
    }
    root.set("run", JSON.valueToTree(run));
    ObjectNode examples = root.putObject("samples");
    samples.forEach((count, list) -> examples.set(count.key(), JSON.valueToTree(list)));
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      JSON.writeValue(file.toFile(), root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Collects the counts as the checker goes. */
  static final class Builder {
    private final Map<Count, Long> counts = new EnumMap<>(Count.class);
    private final Map<Count, List<String>> samples = new EnumMap<>(Count.class);
    private final List<Fault> faults;
    private final int sampleSize;

    Builder(List<Fault> faults, int sampleSize) {
      this.faults = List.copyOf(faults);
      this.sampleSize = sampleSize;
      add(Count.FAULTS, faults.size());
    }

    private void add(Count count, long n) {
      counts.merge(count, n, Long::sum);
    }

    /** Adds {@code n} to a count that takes no examples. */
    void tally(Count count, long n) {
      add(count, n);
    }

    /** Counts one, with an example. */
    void note(Count count, String example) {
      count(count, example);
    }

    private void count(Count count, String example) {
      add(count, 1);
      List<String> examples = samples.computeIfAbsent(count, c -> new ArrayList<>());
      if (examples.size() < sampleSize) {
        examples.add(example);
      }
    }

    void expected(String id, boolean fired) {
      add(Count.EXPECTED, 1);
      add(fired ? Count.FOUND : Count.MISFIRED, 1);
    }

    void missing(String id) {
      add(Count.EXPECTED, 1);
      count(Count.MISSING, id);
    }

    void superseded(String id) {
      count(Count.SUPERSEDED, id);
    }

    void firedAfterEnd(String id, boolean deleted) {
      count(deleted ? Count.FIRED_AFTER_DELETE : Count.FIRED_AFTER_END, id);
    }

    void firedBeforeStart(String id) {
      count(Count.FIRED_BEFORE_START, id);
    }

    void firedAfterReplacement(String id) {
      count(Count.FIRED_AFTER_REPLACEMENT, id);
    }

    void duplicated(String key) {
      count(Count.DUPLICATED, key);
    }

    void earlyTrigger(String example) {
      count(Count.EARLY_TRIGGERS, example);
      add(Count.EARLY, 1);
    }

    void earlyAction(String example) {
      count(Count.EARLY_ACTIONS, example);
      add(Count.EARLY, 1);
    }

    void unexpected(String example) {
      count(Count.UNEXPECTED, example);
    }

    void withoutOutcome(String id) {
      count(Count.WITHOUT_OUTCOME, id);
    }

    void firings(long n) {
      add(Count.FIRINGS, n);
    }

    void actions(long n) {
      add(Count.ACTIONS, n);
    }

    void actionMissing(String id) {
      count(Count.ACTIONS_MISSING, id);
    }

    void actionWithoutTrigger(String example) {
      count(Count.ACTIONS_WITHOUT_TRIGGER, example);
    }

    void duplicateActionOtherKey(String example) {
      count(Count.DUPLICATE_ACTIONS_OTHER_KEY, example);
    }

    /** An action performed again because the scheduler sent its invocation again. */
    void duplicateActionOfDuplicatedTrigger(String key) {
      add(Count.DUPLICATE_ACTIONS_SAME_KEY, 1);
      count(Count.DUPLICATE_ACTIONS_OF_DUPLICATED_TRIGGERS, key);
    }

    /**
     * An action the executor performed again: its key, when it was first performed, and when again.
     * It is around an executor kill when first performed within the margin of the kill (before it,
     * or after the executor was back, while its rejoin moves partitions back) and again after the
     * kill, at most the margin after it was back.
     */
    void duplicateAction(String key, long firstMs, long againMs) {
      add(Count.DUPLICATE_ACTIONS_SAME_KEY, 1);
      boolean aroundKill =
          faults.stream()
              .anyMatch(
                  f ->
                      f.kind() == Fault.Kind.EXECUTOR_KILL
                          && firstMs >= f.startMs() - EXECUTOR_KILL_MARGIN_MS
                          && firstMs <= f.endMs() + EXECUTOR_KILL_MARGIN_MS
                          && againMs >= f.startMs()
                          && againMs <= f.endMs() + EXECUTOR_KILL_MARGIN_MS);
      if (aroundKill) {
        add(Count.DUPLICATE_ACTIONS_AROUND_EXECUTOR_KILLS, 1);
      } else {
        count(
            Count.DUPLICATE_ACTIONS_ELSEWHERE,
            key + " at " + Instant.ofEpochMilli(firstMs) + " and " + Instant.ofEpochMilli(againMs));
      }
    }

    Report build() {
      return new Report(new EnumMap<>(counts), new EnumMap<>(samples), faults);
    }
  }
}

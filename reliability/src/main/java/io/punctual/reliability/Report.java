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
 * or without a final outcome, and actions repeated only with their own key around executor kills.
 */
final class Report {
  /** How long before and after an executor kill a repeated action counts as caused by it. */
  static final long EXECUTOR_KILL_MARGIN_MS = 60_000;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The counts, in the order the report lists them. */
  enum Count {
    expected,
    found,
    misfired,
    missing,
    duplicated,
    early,
    withoutOutcome,
    duplicateActionsSameKey,
    duplicateActionsOtherKey,
    faults,
    firings,
    earlyTriggers,
    earlyActions,
    unexpected,
    firedAfterReplacement,
    superseded,
    firedAfterEnd,
    firedAfterDelete,
    firedBeforeStart,
    actions,
    actionsMissing,
    actionsWithoutTrigger,
    duplicateActionsAroundExecutorKills,
    duplicateActionsElsewhere
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
    return get(Count.missing) == 0
        && get(Count.duplicated) == 0
        && get(Count.early) == 0
        && get(Count.withoutOutcome) == 0
        && get(Count.unexpected) == 0
        && get(Count.firedAfterReplacement) == 0
        && get(Count.duplicateActionsOtherKey) == 0
        && get(Count.duplicateActionsElsewhere) == 0
        && get(Count.actionsMissing) == 0
        && get(Count.actionsWithoutTrigger) == 0;
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
      text.append(String.format("%-38s %,d%n", count.name(), get(count)));
    }
    samples.forEach(
        (count, examples) -> text.append(count).append(": ").append(examples).append('\n'));
    text.append(ok() ? "OK: every guarantee held\n" : "FAILED: a guarantee did not hold\n");
    return text.toString();
  }

  /** Writes the report as JSON. */
  void writeTo(Path file) {
    ObjectNode root = JSON.createObjectNode();
    for (Count count : Count.values()) {
      root.put(count.name(), get(count));
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
    root.set("samples", JSON.valueToTree(samples));
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
      add(Count.faults, faults.size());
    }

    private void add(Count count, long n) {
      counts.merge(count, n, Long::sum);
    }

    private void count(Count count, String example) {
      add(count, 1);
      List<String> examples = samples.computeIfAbsent(count, c -> new ArrayList<>());
      if (examples.size() < sampleSize) {
        examples.add(example);
      }
    }

    void expected(String id, boolean fired) {
      add(Count.expected, 1);
      add(fired ? Count.found : Count.misfired, 1);
    }

    void missing(String id) {
      add(Count.expected, 1);
      count(Count.missing, id);
    }

    void superseded(String id) {
      add(Count.superseded, 1);
    }

    void firedAfterEnd(String id, boolean deleted) {
      count(deleted ? Count.firedAfterDelete : Count.firedAfterEnd, id);
    }

    void firedBeforeStart(String id) {
      count(Count.firedBeforeStart, id);
    }

    void firedAfterReplacement(String id) {
      count(Count.firedAfterReplacement, id);
    }

    void duplicated(String key) {
      count(Count.duplicated, key);
    }

    void earlyTrigger(String example) {
      count(Count.earlyTriggers, example);
      add(Count.early, 1);
    }

    void earlyAction(String example) {
      count(Count.earlyActions, example);
      add(Count.early, 1);
    }

    void unexpected(String example) {
      count(Count.unexpected, example);
    }

    void withoutOutcome(String id) {
      count(Count.withoutOutcome, id);
    }

    void firings(long n) {
      add(Count.firings, n);
    }

    void actions(long n) {
      add(Count.actions, n);
    }

    void actionMissing(String id) {
      count(Count.actionsMissing, id);
    }

    void actionWithoutTrigger(String example) {
      count(Count.actionsWithoutTrigger, example);
    }

    void duplicateActionOtherKey(String example) {
      count(Count.duplicateActionsOtherKey, example);
    }

    /** A repeated action: its key, when it was first performed, and when again. */
    void duplicateAction(String key, long firstMs, long againMs) {
      add(Count.duplicateActionsSameKey, 1);
      boolean aroundKill =
          faults.stream()
              .anyMatch(
                  f ->
                      f.kind() == Fault.Kind.EXECUTOR_KILL
                          && firstMs >= f.startMs() - EXECUTOR_KILL_MARGIN_MS
                          && againMs <= f.endMs() + EXECUTOR_KILL_MARGIN_MS);
      if (aroundKill) {
        add(Count.duplicateActionsAroundExecutorKills, 1);
      } else {
        count(
            Count.duplicateActionsElsewhere,
            key + " at " + Instant.ofEpochMilli(firstMs) + " and " + Instant.ofEpochMilli(againMs));
      }
    }

    Report build() {
      return new Report(new EnumMap<>(counts), new EnumMap<>(samples), faults);
    }
  }
}

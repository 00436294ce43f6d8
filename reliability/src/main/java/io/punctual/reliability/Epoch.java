package io.punctual.reliability;

import io.punctual.CommandType;
import io.punctual.InvalidTimerException;
import io.punctual.TimerDefinition;
import io.punctual.contract.ReservedTopics;
import io.punctual.scheduler.internals.intake.TimerValidator;
import io.punctual.scheduler.internals.scheduling.FiringPlans;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A stretch of a timer's life under one schedule: from the definition that set the schedule (its
 * record timestamp is the anchor, as the scheduler takes it) to the next definition that changes
 * the schedule, or the tombstone that deletes the timer. Definitions in between that change only
 * the target, labels or pause flag continue the epoch: its instants go on from where they were.
 *
 * @param timerId the timer
 * @param partition the timer's partition (the same on every topic)
 * @param definition the definition that set the schedule
 * @param anchor its record timestamp
 * @param versions the {@link Workload#VERSION_LABEL} labels of the definitions in the epoch
 * @param end the record timestamp of the definition or tombstone that ended it, or null
 * @param deleted whether a tombstone ended it
 * @param pausedFrom the timestamp of the first pause in the epoch (a definition with {@code paused}
 *     or a {@code PAUSE} command), or null
 * @param next the epoch that follows (after a schedule change), or null
 */
record Epoch(
    String timerId,
    int partition,
    TimerDefinition definition,
    long anchor,
    Set<String> versions,
    Long end,
    boolean deleted,
    Long pausedFrom,
    Epoch next) {

  /**
   * The epochs of every timer, from its definitions in offset order and its pause commands.
   * Definitions the scheduler rejects are left out, as the scheduler leaves them out.
   */
  static Map<String, List<Epoch>> of(
      List<Observations.Definition> definitions, List<Observations.Command> commands) {
    Map<String, List<Observations.Definition>> byTimer = new LinkedHashMap<>();
    for (Observations.Definition d : definitions) {
      byTimer.computeIfAbsent(d.timerId(), k -> new ArrayList<>()).add(d);
    }
    Map<String, List<Long>> pauses = new HashMap<>();
    for (Observations.Command c : commands) {
      if (c.type() == CommandType.PAUSE) {
        pauses.computeIfAbsent(c.timerId(), k -> new ArrayList<>()).add(c.timestamp());
      }
    }
    TimerValidator validator = new TimerValidator(new FiringPlans(), ReservedTopics.DEFAULT);
    Map<String, List<Epoch>> epochs = new LinkedHashMap<>();
    byTimer.forEach(
        (timer, versions) ->
            epochs.put(
                timer, build(timer, versions, pauses.getOrDefault(timer, List.of()), validator)));
    return epochs;
  }

  private static List<Epoch> build(
      String timer,
      List<Observations.Definition> records,
      List<Long> pauseCommands,
      TimerValidator validator) {
    List<Builder> built = new ArrayList<>();
    Builder open = null;
    for (Observations.Definition record : records) {
      TimerDefinition definition = record.definition();
      if (definition == null) {
        if (open != null) {
          open.end = record.timestamp();
          open.deleted = true;
          open = null;
        }
        continue;
      }
      try {
        validator.validate(timer, definition, record.timestamp());
      } catch (InvalidTimerException e) {
        continue;
      }
      String version =
          Objects.requireNonNullElse(definition.getLabels().get(Workload.VERSION_LABEL), "");
      if (open != null && Objects.equals(open.definition.getSchedule(), definition.getSchedule())) {
        open.versions.add(version);
        if (definition.getPaused()) {
          open.paused(record.timestamp());
        }
        continue;
      }
      Builder started = new Builder(record.partition(), definition, record.timestamp(), version);
      if (open != null) {
        open.end = record.timestamp();
        open.next = started;
      }
      if (definition.getPaused()) {
        started.paused(record.timestamp());
      }
      built.add(started);
      open = started;
    }
    for (long pause : pauseCommands) {
      for (Builder b : built) {
        if (pause >= b.anchor && (b.end == null || pause < b.end)) {
          b.paused(pause);
        }
      }
    }
    List<Epoch> epochs = new ArrayList<>();
    Epoch following = null;
    for (int i = built.size() - 1; i >= 0; i--) {
      Builder b = built.get(i);
      Epoch epoch =
          new Epoch(
              timer,
              b.partition,
              b.definition,
              b.anchor,
              Set.copyOf(b.versions),
              b.end,
              b.deleted,
              b.pausedFrom,
              b.next == null ? null : following);
      epochs.add(0, epoch);
      following = epoch;
    }
    return epochs;
  }

  private static final class Builder {
    final int partition;
    final TimerDefinition definition;
    final long anchor;
    final Set<String> versions = new HashSet<>();
    Long end;
    boolean deleted;
    Long pausedFrom;
    Builder next;

    Builder(int partition, TimerDefinition definition, long anchor, String version) {
      this.partition = partition;
      this.definition = definition;
      this.anchor = anchor;
      versions.add(version);
    }

    void paused(long at) {
      pausedFrom = pausedFrom == null ? at : Math.min(pausedFrom, at);
    }
  }
}

package io.punctual.reliability;

import io.punctual.StatusType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the actions performed against the invocations: none early, each invocation that succeeded
 * performed, and which were performed more than once, with the same key or another.
 */
final class ActionAudit {
  private final Report.Builder report;
  private final long horizon;

  /**
   * Actions of invocations due after {@code horizon} are left out: their triggers may be unread.
   */
  ActionAudit(Report.Builder report, long horizon) {
    this.report = report;
    this.horizon = horizon;
  }

  /**
   * @param actions the actions performed
   * @param triggers how many triggers carried each invocation id and attempt ({@code id#attempt})
   * @param status the status events
   */
  void check(
      List<Observations.Action> actions,
      Map<String, Integer> triggers,
      List<Observations.Status> status) {
    Set<String> invocationIds = new HashSet<>();
    triggers.keySet().forEach(key -> invocationIds.add(key.substring(0, key.lastIndexOf('#'))));
    Map<String, List<Observations.Action>> byAttempt = new HashMap<>();
    Map<String, Set<String>> keysByInstant = new HashMap<>();
    Set<String> performed = new HashSet<>();
    for (Observations.Action action : actions) {
      if (Checker.instantOf(action.key()) > horizon) {
        continue;
      }
      byAttempt
          .computeIfAbsent(
              action.kind() + " " + action.key() + "#" + action.attempt(), k -> new ArrayList<>())
          .add(action);
      performed.add(action.key());
      if (action.attempt() == 1) {
        keysByInstant
            .computeIfAbsent(action.timerId() + "@" + action.scheduledAt(), k -> new HashSet<>())
            .add(action.key());
      }
      if (action.arrivedAt() < action.scheduledAt()) {
        report.earlyAction(
            action.kind()
                + " "
                + action.key()
                + " "
                + (action.scheduledAt() - action.arrivedAt())
                + " ms early");
      }
      if (!invocationIds.contains(action.key())) {
        report.actionWithoutTrigger(action.kind() + " " + action.key());
      }
    }
    byAttempt.forEach(
        (key, same) -> {
          same.sort(Comparator.comparingLong(Observations.Action::arrivedAt));
          Observations.Action first = same.get(0);
          int sent = triggers.getOrDefault(first.key() + "#" + first.attempt(), 1);
          for (int i = 1; i < same.size(); i++) {
            if (i < sent) {
              report.duplicateActionOfDuplicatedTrigger(key);
            } else {
              report.duplicateAction(key, first.arrivedAt(), same.get(i).arrivedAt());
            }
          }
        });
    keysByInstant.forEach(
        (instant, keys) -> {
          for (int i = 1; i < keys.size(); i++) {
            report.duplicateActionOtherKey(instant + " under " + keys);
          }
        });
    for (Observations.Status s : status) {
      if (s.type() == StatusType.SUCCEEDED
          && Checker.instantOf(s.invocationId()) <= horizon
          && !performed.contains(s.invocationId())) {
        report.actionMissing(s.invocationId());
      }
    }
    report.actions(actions.size());
  }
}

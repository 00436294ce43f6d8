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

  void check(
      List<Observations.Action> actions,
      Set<String> invocationIds,
      List<Observations.Status> status) {
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
          for (int i = 1; i < same.size(); i++) {
            report.duplicateAction(key, same.get(0).arrivedAt(), same.get(i).arrivedAt());
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

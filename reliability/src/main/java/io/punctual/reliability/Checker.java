package io.punctual.reliability;

import io.punctual.AfterSchedule;
import io.punctual.AtSchedule;
import io.punctual.EveryMode;
import io.punctual.EverySchedule;
import io.punctual.InvocationHeaders;
import io.punctual.StatusType;
import io.punctual.contract.DurationRule;
import io.punctual.scheduler.internals.scheduling.FiringPlan;
import io.punctual.scheduler.internals.scheduling.FiringPlans;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Counts every due instant of a run against what the topics show. The expected instants come from
 * the definitions and the time each was in force ({@link Epoch}), computed with the scheduler's own
 * schedule arithmetic (whose calendar the conformance tests check on their own); an instant is
 * found when a trigger carries its invocation id, or accounted for when a {@code MISFIRED} or
 * {@code SKIPPED} event names it (the timer's misfire policy did not fire it).
 *
 * <ul>
 *   <li>Every instant up to the horizon of a definition still in force is expected.
 *   <li>An instant due before the definition was replaced or deleted is expected when {@link
 *       Witnesses} prove that its partition fired past it before the replacement was written;
 *       otherwise it is superseded (the replacement may have come first).
 *   <li>An instant due after its definition was replaced may still fire, before the replacement is
 *       applied: it is counted as fired after its end, and must come before every trigger of the
 *       replacement on the partition.
 *   <li>Under a new schedule, the first instant is the first at or after both the new definition's
 *       timestamp and the last instant the old schedule fired: nothing fires twice.
 * </ul>
 */
final class Checker {
  private static final int MAX_INSTANTS = 1_000_000;
  private static final int SAMPLES = 20;

  /** A witness must come this long after the previous firing, so as to be a later punctuation. */
  private static final long WITNESS_GAP_MS = 1_000;

  private final long horizon;
  private final long lookaheadMs;
  private final FiringPlans plans = new FiringPlans();
  private final Report.Builder report;
  private Map<String, List<Observations.Trigger>> firstAttempts;
  private Map<String, List<Observations.Trigger>> byTimer;
  private Map<Epoch, Long> firstOffsets;
  private Map<Epoch, Long> firstEmissions;
  private Map<String, Long> lastAccounted;
  private Map<String, Long> accountedAt;
  private Map<String, Long> finishedAt;
  private Witnesses witnesses;
  private final Set<Observations.Trigger> matched = new HashSet<>();
  private final Map<String, Integer> triggersPerAttempt = new HashMap<>();

  /**
   * @param horizon instants after this epoch milli are not expected (the load ends there)
   * @param lookaheadMs how long before its instant a trigger may be emitted
   * @param faults the faults of the run, for the report
   */
  Checker(long horizon, long lookaheadMs, List<Fault> faults) {
    this.horizon = horizon;
    this.lookaheadMs = lookaheadMs;
    this.report = new Report.Builder(faults, SAMPLES);
  }

  Report check(Observations observations) {
    index(observations);
    Epoch.of(observations.definitions(), observations.commands())
        .values()
        .forEach(this::checkTimer);
    checkTriggers(observations.triggers());
    checkOutcomes(observations);
    new ActionAudit(report, horizon)
        .check(observations.actions(), triggersPerAttempt, observations.status());
    new DelayedAudit(report).check(observations.delayed(), observations.delayedDeliveries());
    return report.build();
  }

  private void index(Observations observations) {
    firstAttempts = new HashMap<>();
    byTimer = new HashMap<>();
    lastAccounted = new HashMap<>();
    for (Observations.Trigger t : observations.triggers()) {
      if (t.attempt() == 1) {
        firstAttempts.computeIfAbsent(t.invocationId(), k -> new ArrayList<>()).add(t);
        byTimer.computeIfAbsent(t.timerId(), k -> new ArrayList<>()).add(t);
        lastAccounted.merge(t.timerId(), t.scheduledAt(), Math::max);
      }
    }
    accountedAt = new HashMap<>();
    finishedAt = new HashMap<>();
    for (Observations.Status s : observations.status()) {
      boolean notFired = s.type() == StatusType.MISFIRED || s.type() == StatusType.SKIPPED;
      if (notFired && s.scheduledAt() != null) {
        accountedAt.putIfAbsent(
            InvocationHeaders.invocationId(s.timerId(), s.scheduledAt()), s.at());
        lastAccounted.merge(s.timerId(), s.scheduledAt(), Math::max);
      }
      if (s.isFinal() && s.invocationId() != null) {
        finishedAt.putIfAbsent(s.invocationId(), s.finishedMs());
      }
    }
    witnesses = new Witnesses(observations.triggers());
  }

  private void checkTimer(List<Epoch> epochs) {
    firstOffsets = new IdentityHashMap<>();
    firstEmissions = new IdentityHashMap<>();
    for (Epoch epoch : epochs) {
      for (Observations.Trigger t : byTimer.getOrDefault(epoch.timerId(), List.of())) {
        if (belongs(t, epoch)) {
          firstOffsets.merge(epoch, t.offset(), Math::min);
          firstEmissions.merge(epoch, t.emittedAt(), Math::min);
        }
      }
    }
    Done done = Done.NOTHING;
    Epoch previous = null;
    for (int i = 0; i < epochs.size(); i++) {
      Epoch epoch = epochs.get(i);
      // once the next epoch fired, this one was over: no later report can be its own
      long over =
          i + 1 < epochs.size()
              ? firstEmissions.getOrDefault(epochs.get(i + 1), Long.MAX_VALUE)
              : Long.MAX_VALUE;
      // a schedule change carries the cursor over; so does a delete applied after its schedule
      // fired past the tombstone's timestamp (the scheduler keeps a marker of the cursor)
      Epoch replaced =
          previous != null && (!previous.deleted() || done.certain() >= previous.end())
              ? previous
              : null;
      Done before = replaced == null ? Done.NOTHING : done;
      Done walked =
          isFixedDelay(epoch) ? walkFixedDelay(epoch, before) : walk(epoch, replaced, before, over);
      // the scheduler's cursor never goes back across schedule changes: an epoch that fired
      // nothing leaves it where the one before had left it
      done =
          new Done(
              Math.max(before.certain(), walked.certain()),
              Math.max(before.possible(), walked.possible()));
      previous = epoch;
    }
  }

  /**
   * How far an epoch went: the last instant it certainly accounted for (fired by one of its
   * definitions, or reported missed before its end), and the last it may have (a missed instant
   * reported after its end, when that report may have come from its replacement instead: reports
   * name no definition).
   */
  private record Done(long certain, long possible) {
    static final Done NOTHING = new Done(Long.MIN_VALUE, Long.MIN_VALUE);
  }

  /** Whether a definition of {@code epoch} fired the instant {@code due} of its timer. */
  private boolean firedBy(Epoch epoch, long due) {
    return firstAttempts
        .getOrDefault(InvocationHeaders.invocationId(epoch.timerId(), due), List.of())
        .stream()
        .anyMatch(t -> belongs(t, epoch));
  }

  private static boolean belongs(Observations.Trigger trigger, Epoch epoch) {
    return epoch.versions().contains(Objects.requireNonNullElse(trigger.version(), ""));
  }

  private static boolean isFixedDelay(Epoch epoch) {
    return epoch.definition().getSchedule() instanceof EverySchedule every
        && every.getMode() == EveryMode.FIXED_DELAY;
  }

  /**
   * Checks the instants of a cron, fixed-rate or one-shot epoch, which replaced {@code replaced}
   * (or null) after it had gone as far as {@code done}, and was over by {@code over} (when its
   * replacement first fired); returns how far this one went. As the scheduler does, a recurring
   * schedule starts after both its anchor and the last instant the replaced one accounted for, and
   * a one-shot fires unless the replaced schedule fired its instant.
   */
  private Done walk(Epoch epoch, Epoch replaced, Done done, long over) {
    FiringPlan plan = plans.plan(epoch.timerId(), epoch.definition(), epoch.anchor());
    Object schedule = epoch.definition().getSchedule();
    boolean recurring = !(schedule instanceof AtSchedule) && !(schedule instanceof AfterSchedule);
    Instant from = Instant.ofEpochMilli(recurring ? epoch.anchor() : Long.MIN_VALUE / 2);
    long start = Long.MIN_VALUE;
    long maybeDone = Long.MIN_VALUE;
    if (recurring) {
      start =
          done.certain() == Long.MIN_VALUE
              ? epoch.anchor()
              : Math.max(epoch.anchor(), done.certain() + 1);
      maybeDone = done.possible();
    }
    Long previousAt = null;
    long certain = Long.MIN_VALUE;
    long possible = Long.MIN_VALUE;
    // past the horizon nothing is expected, but what fired there still moved the schedule on
    long until = Math.max(horizon, lastAccounted.getOrDefault(epoch.timerId(), horizon));
    for (Instant instant : plan.instantsBetween(from, Instant.ofEpochMilli(until), MAX_INSTANTS)) {
      long due = instant.toEpochMilli();
      boolean firedBefore = !recurring && replaced != null && firedBy(replaced, due);
      Accounted accounted = account(epoch, due, due < start || firedBefore);
      boolean beforeEnd = epoch.end() == null || due < epoch.end();
      if (accounted != null && (accounted.fired() || beforeEnd)) {
        certain = due;
        possible = due;
      } else if (accounted != null && accounted.at() < over) {
        possible = due;
      }
      if (due < start || firedBefore || due > horizon) {
        continue;
      }
      if (accounted == null && beforeEnd && due <= maybeDone) {
        report.superseded(InvocationHeaders.invocationId(epoch.timerId(), due));
        previousAt = null;
        continue;
      }
      previousAt = classify(epoch, due, accounted, previousAt);
    }
    return new Done(certain, Math.max(certain, possible));
  }

  /**
   * Checks a fixed-delay epoch, which starts after the instants {@code done} of the epoch it
   * replaced: each instant is one period after the final outcome of the one before (or, when the
   * policy missed it, one period after the missed instant).
   */
  private Done walkFixedDelay(Epoch epoch, Done done) {
    FiringPlan plan = plans.plan(epoch.timerId(), epoch.definition(), epoch.anchor());
    EverySchedule every = (EverySchedule) epoch.definition().getSchedule();
    long period = DurationRule.EVERY.parse(every.getEvery()).toMillis();
    long start =
        done.certain() == Long.MIN_VALUE
            ? epoch.anchor()
            : Math.max(epoch.anchor(), done.certain() + 1);
    List<Instant> first =
        plan.instantsBetween(Instant.ofEpochMilli(start), Instant.ofEpochMilli(horizon), 1);
    long until = Math.max(horizon, lastAccounted.getOrDefault(epoch.timerId(), horizon));
    long cursor = Long.MIN_VALUE;
    long due = first.isEmpty() ? Long.MAX_VALUE : first.get(0).toEpochMilli();
    while (due <= until) {
      Accounted accounted = countFixedDelay(epoch, due);
      if (accounted == null) {
        break;
      }
      cursor = due;
      if (!accounted.fired()) {
        due += period;
        continue;
      }
      // a catch-up that fired this instant reports the missed ones after it on the same rhythm
      long next = due + period;
      for (Accounted missed = account(epoch, next, false);
          missed != null && !missed.fired() && next <= until;
          missed = account(epoch, next, false)) {
        countFixedDelay(epoch, next);
        cursor = next;
        next += period;
      }
      Long finished = finishedAt.get(InvocationHeaders.invocationId(epoch.timerId(), due));
      if (finished == null) {
        break;
      }
      // the next instant is one period after the outcome, and after every instant handled
      due = finished + period;
      while (due <= cursor) {
        due += period;
      }
    }
    return new Done(cursor, cursor);
  }

  /** Accounts for and counts one instant of a fixed delay (no witness: see walkFixedDelay). */
  private Accounted countFixedDelay(Epoch epoch, long due) {
    Accounted accounted = account(epoch, due, false);
    if (due <= horizon) {
      // no witness for a fixed delay: its next instant is indexed when the outcome is read, and
      // nothing the scheduler emits tells when that was
      classify(epoch, due, accounted, null);
    }
    return accounted;
  }

  /** How an instant was accounted for: fired (a trigger) or not (its misfire policy), and when. */
  private record Accounted(long at, boolean fired) {}

  /**
   * How a definition of this epoch accounted for the instant, or null; marks its triggers, and
   * checks that each came before every trigger of the epoch that replaced this one.
   */
  private Accounted account(Epoch epoch, long due, boolean beforeStart) {
    String id = InvocationHeaders.invocationId(epoch.timerId(), due);
    Long emitted = null;
    for (Observations.Trigger t : firstAttempts.getOrDefault(id, List.of())) {
      if (belongs(t, epoch)) {
        matched.add(t);
        emitted = emitted == null ? t.emittedAt() : emitted;
        Long replacement = epoch.next() == null ? null : firstOffsets.get(epoch.next());
        if (replacement != null && t.offset() > replacement) {
          report.firedAfterReplacement(id);
        }
      }
    }
    if (emitted != null) {
      if (beforeStart) {
        report.firedBeforeStart(id);
      }
      return new Accounted(emitted, true);
    }
    Long reported = beforeStart ? null : accountedAt.get(id);
    return reported == null ? null : new Accounted(reported, false);
  }

  /**
   * Counts one instant of an epoch; returns when it was accounted for (the chain of proof for the
   * next instant), null when it was not.
   */
  private Long classify(Epoch epoch, long due, Accounted accounted, Long previousAt) {
    String id = InvocationHeaders.invocationId(epoch.timerId(), due);
    boolean beforeEnd = epoch.end() == null || due < epoch.end();
    if (!beforeEnd) {
      if (accounted != null && accounted.fired()) {
        report.firedAfterEnd(id, epoch.deleted());
      }
      return accounted == null ? null : accounted.at();
    }
    if (accounted != null) {
      report.expected(id, accounted.fired());
      return accounted.at();
    }
    if (epoch.end() == null || witnessed(epoch, due, previousAt)) {
      report.missing(id);
    } else {
      report.superseded(id);
    }
    return null;
  }

  /**
   * Whether a trigger of the partition proves that {@code due} was taken from the due index before
   * its epoch ended: emitted after the timer's previous firing ({@code previousAt}, null when there
   * is none to go by) and before the end. Once the timer was paused, resuming re-indexes it when
   * the resume is read, which nothing the scheduler emits tells: nothing after a pause is proven.
   */
  private boolean witnessed(Epoch epoch, long due, Long previousAt) {
    long before = epoch.end();
    if (epoch.pausedFrom() != null) {
      if (due >= epoch.pausedFrom()) {
        return false;
      }
      before = Math.min(before, epoch.pausedFrom());
    }
    return previousAt != null
        && witnesses.firedPast(epoch.partition(), due, previousAt + WITNESS_GAP_MS, before);
  }

  private void checkTriggers(List<Observations.Trigger> triggers) {
    for (Observations.Trigger t : triggers) {
      String key = t.invocationId() + "#" + t.attempt();
      if (triggersPerAttempt.merge(key, 1, Integer::sum) > 1) {
        report.duplicated(key);
      }
      if (t.emittedAt() < t.scheduledAt() - lookaheadMs) {
        report.earlyTrigger(
            t.invocationId() + " emitted " + (t.scheduledAt() - t.emittedAt()) + " ms early");
      }
      if (t.attempt() == 1 && instantOf(t.invocationId()) <= horizon && !matched.contains(t)) {
        report.unexpected(t.invocationId() + " v" + t.version());
      }
    }
    report.firings(triggers.size());
  }

  private void checkOutcomes(Observations observations) {
    for (String id : firstAttempts.keySet()) {
      if (instantOf(id) <= horizon && !finishedAt.containsKey(id)) {
        report.withoutOutcome(id);
      }
    }
  }

  /** The scheduled instant an invocation id names ({@code <timerId>@<epochMillis>}). */
  static long instantOf(String invocationId) {
    String millis = invocationId.substring(invocationId.lastIndexOf('@') + 1);
    try {
      return Long.parseLong(millis);
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }
}

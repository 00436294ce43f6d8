package io.punctual.scheduler.internals.intake;

import io.punctual.AfterSchedule;
import io.punctual.AtSchedule;
import io.punctual.InvalidTimerException;
import io.punctual.TimerDefinition;
import io.punctual.contract.DefinitionRules;
import io.punctual.contract.Limits;
import io.punctual.contract.ReservedTopics;
import io.punctual.scheduler.internals.scheduling.FiringPlan;
import io.punctual.scheduler.internals.scheduling.FiringPlans;
import io.punctual.scheduler.internals.state.TimerState;
import java.time.Instant;

/**
 * Checks that a definition can be accepted: its fields by the contract's {@link DefinitionRules},
 * then its plan, which is run for its first {@value #PLAN_STEPS} instants so that nothing accepted
 * can throw or repeat an instant later. Every problem is an {@link InvalidTimerException} naming
 * the field.
 */
public final class TimerValidator {
  /** How many instants of an accepted plan are computed at validation. */
  static final int PLAN_STEPS = 16;

  private final FiringPlans plans;
  private final ReservedTopics reserved;

  /**
   * @param reserved the topics Kafka targets may not name
   */
  public TimerValidator(FiringPlans plans, ReservedTopics reserved) {
    this.plans = plans;
    this.reserved = reserved;
  }

  /** Validates a timer id, whatever its definition. */
  public static void validateId(String id) {
    DefinitionRules.checkId(id);
  }

  /**
   * Validates a definition received under {@code key} at {@code timestamp} and returns its plan.
   */
  public FiringPlan validate(String key, TimerDefinition definition, long timestamp) {
    DefinitionRules.check(key, definition, reserved);
    FiringPlan plan;
    try {
      plan = plans.plan(key, definition, timestamp);
      runPlan(plan, definition, timestamp);
    } catch (InvalidTimerException invalid) {
      throw invalid;
    } catch (RuntimeException unplannable) {
      throw new InvalidTimerException(
          "schedule", "cannot be planned: " + unplannable.getMessage(), unplannable);
    }
    return plan;
  }

  /**
   * Runs the plan from the anchor: the instants it yields must strictly increase, and jitter must
   * not move one before its nominal instant; a recurring schedule must have an instant after the
   * anchor (else it never fires again), whatever its window.
   */
  private static void runPlan(FiringPlan plan, TimerDefinition definition, long anchor) {
    if (anchor > Limits.LATEST.toEpochMilli()) {
      throw new InvalidTimerException(
          InvalidTimerException.WHOLE_RECORD, "the record's timestamp is after 9999-12-31");
    }
    boolean oneShot =
        definition.getSchedule() instanceof AtSchedule
            || definition.getSchedule() instanceof AfterSchedule;
    long cursor = plan.initialCursor(anchor);
    if (!oneShot && !plan.sequenceHasInstantAfter(cursor)) {
      throw new InvalidTimerException(
          "schedule", "never fires after " + Instant.ofEpochMilli(anchor));
    }
    long previous = Long.MIN_VALUE;
    for (int step = 0; step < PLAN_STEPS; step++) {
      long nominal = plan.nextNominal(cursor, step);
      if (nominal == TimerState.NONE) {
        return;
      }
      long due = plan.due(nominal);
      if (nominal <= cursor || nominal <= previous || due < nominal) {
        throw new InvalidTimerException(
            "schedule", "yields " + Instant.ofEpochMilli(nominal) + " again; it would repeat");
      }
      previous = nominal;
      cursor = nominal;
    }
  }
}

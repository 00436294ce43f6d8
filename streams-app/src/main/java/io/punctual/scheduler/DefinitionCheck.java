package io.punctual.scheduler;

import io.punctual.InvalidTimerException;
import io.punctual.TimerDefinition;
import io.punctual.contract.ReservedTopics;
import io.punctual.scheduler.internals.intake.TimerValidator;
import io.punctual.scheduler.internals.scheduling.FiringPlans;

/**
 * Whether the scheduler accepts a definition, for a client that checks one before producing it (the
 * REST API does): the rules the scheduler's intake applies to {@code punctual.timers}.
 */
public final class DefinitionCheck {
  private DefinitionCheck() {}

  /**
   * Checks {@code definition} as the definition of timer {@code id} written at {@code timestamp}.
   *
   * @param reserved the topics a Kafka target may not name
   * @throws InvalidTimerException naming the offending field
   */
  public static void validate(
      String id, TimerDefinition definition, long timestamp, ReservedTopics reserved) {
    new TimerValidator(new FiringPlans(), reserved).validate(id, definition, timestamp);
  }

  /**
   * Checks a timer id.
   *
   * @throws InvalidTimerException naming the id
   */
  public static void validateId(String id) {
    TimerValidator.validateId(id);
  }
}

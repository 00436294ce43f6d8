package io.punctual.api.internal.timers;

import io.punctual.InvalidTimerException;
import io.punctual.TimerDefinition;
import io.punctual.api.internal.problems.ApiProblem;
import io.punctual.contract.ReservedTopics;
import io.punctual.json.AvroJson;
import io.punctual.scheduler.DefinitionCheck;

/**
 * The synchronous check of a {@code PUT /timers/{id}} body: the same decoding and validation the
 * scheduler applies, so a definition the API accepts is one the scheduler accepts.
 */
public final class TimerDefinitionCheck {
  private TimerDefinitionCheck() {}

  /**
   * Decodes and validates {@code body} as the definition of timer {@code id} written at {@code
   * timestamp}.
   *
   * @param reserved the topics a Kafka target may not name
   * @throws ApiProblem 400 naming the offending field
   */
  public static TimerDefinition check(
      String id, byte[] body, long timestamp, ReservedTopics reserved) {
    checkId(id);
    if (body == null || body.length == 0) {
      throw ApiProblem.invalid(
          InvalidTimerException.WHOLE_RECORD, "the body must be a JSON timer definition");
    }
    try {
      TimerDefinition definition = AvroJson.fromJson(body, TimerDefinition.class);
      DefinitionCheck.validate(id, definition, timestamp, reserved);
      return definition;
    } catch (InvalidTimerException e) {
      throw ApiProblem.invalid(e.field(), e.getMessage());
    }
  }

  /**
   * Checks a timer id given in a path.
   *
   * @throws ApiProblem 400 naming {@code id}
   */
  public static void checkId(String id) {
    try {
      DefinitionCheck.validateId(id);
    } catch (InvalidTimerException e) {
      throw ApiProblem.invalid(e.field(), e.getMessage());
    }
  }
}

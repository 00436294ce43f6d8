package io.punctual.api.internal.timers;

import io.punctual.HttpTarget;
import io.punctual.InvalidTimerException;
import io.punctual.KafkaTarget;
import io.punctual.TimerDefinition;
import io.punctual.api.internal.problems.ApiProblem;
import io.punctual.contract.ReservedTopics;
import io.punctual.contract.TargetHeaders;
import io.punctual.json.AvroJson;
import io.punctual.scheduler.DefinitionCheck;
import java.util.Map;

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
      refuseRedactionMarkers(definition);
      return definition;
    } catch (InvalidTimerException e) {
      throw ApiProblem.invalid(e.field(), e.getMessage());
    }
  }

  /**
   * Refuses a target header whose value is the marker answers show in place of a secret: a
   * definition read back and written again unchanged would otherwise replace the secret with it.
   */
  private static void refuseRedactionMarkers(TimerDefinition definition) {
    String kind;
    Map<?, ?> headers;
    if (definition.getTarget() instanceof HttpTarget http) {
      kind = "http";
      headers = http.getHeaders();
    } else if (definition.getTarget() instanceof KafkaTarget kafka) {
      kind = "kafka";
      headers = kafka.getHeaders();
    } else {
      return;
    }
    if (headers == null) {
      return;
    }
    headers.forEach(
        (name, value) -> {
          if (value != null && TargetHeaders.REDACTED.equals(value.toString())) {
            throw ApiProblem.invalid(
                "target." + kind + ".headers." + name,
                "is '"
                    + TargetHeaders.REDACTED
                    + "', which answers show in place of a secret: give the header's value");
          }
        });
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

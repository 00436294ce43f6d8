package io.punctual.executor.internal.action;

import io.punctual.HttpTarget;
import io.punctual.InvalidTimerException;
import io.punctual.Invocation;
import io.punctual.KafkaTarget;
import io.punctual.contract.DefinitionRules;
import io.punctual.contract.ReservedTopics;
import io.punctual.executor.ExecutorConfig;
import io.punctual.executor.internal.Trigger;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The action of an invocation's target: an {@link HttpAction}, once the target and the retry policy
 * pass the contract's rules (a definition breaking them is refused, not performed). A Kafka target
 * is written by the scheduler in the transaction of its firing; one reaching the executor came from
 * a scheduler of an earlier version, and is refused with the reason.
 */
@Singleton
final class TargetActions implements Actions {
  private static final Logger LOG = LoggerFactory.getLogger(TargetActions.class);

  static final String KAFKA_TARGET_REFUSED =
      "Kafka targets are written by the scheduler in the transaction of their firing; this"
          + " invocation came from a scheduler of an earlier version and was not performed";

  private final HttpAction http;
  private final ReservedTopics reserved;

  TargetActions(ExecutorConfig config, HttpAction http) {
    this.http = http;
    this.reserved = ReservedTopics.of(config.getTopicPrefix(), config.getSchedulerApplicationId());
  }

  @Override
  public ActionCall start(Trigger trigger, int attempt) {
    Invocation invocation = trigger.invocation();
    Object target = invocation.getTarget();
    try {
      DefinitionRules.checkTarget(target, reserved);
      DefinitionRules.checkRetry(invocation.getRetry());
    } catch (InvalidTimerException invalid) {
      return ActionCall.finished(
          AttemptResult.refused("invalid definition, not performed: " + invalid.getMessage()));
    }
    try {
      if (target instanceof HttpTarget httpTarget) {
        return http.start(invocation, httpTarget, attempt);
      }
      if (target instanceof KafkaTarget) {
        return ActionCall.finished(AttemptResult.refused(KAFKA_TARGET_REFUSED));
      }
      return ActionCall.finished(AttemptResult.refused("unknown target type: " + target));
    } catch (RuntimeException ex) {
      LOG.error(
          "action of invocation {} (attempt {}, from {}) could not start",
          trigger.id(),
          attempt,
          trigger.origin(),
          ex);
      return ActionCall.finished(AttemptResult.failed("action could not start: " + ex, null, null));
    }
  }
}

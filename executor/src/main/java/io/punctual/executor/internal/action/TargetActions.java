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
 * The action of an invocation's target: an {@link HttpAction} or a {@link KafkaAction}, once the
 * target and the retry policy pass the contract's rules (a definition breaking them is refused, not
 * performed).
 */
@Singleton
final class TargetActions implements Actions {
  private static final Logger LOG = LoggerFactory.getLogger(TargetActions.class);

  private final HttpAction http;
  private final KafkaAction kafka;
  private final ReservedTopics reserved;

  TargetActions(ExecutorConfig config, HttpAction http, KafkaAction kafka) {
    this.http = http;
    this.kafka = kafka;
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
      if (target instanceof KafkaTarget kafkaTarget) {
        return kafka.start(invocation, kafkaTarget, attempt);
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

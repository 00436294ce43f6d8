package io.punctual.executor.internal.guard;

import io.punctual.InvalidTimerException;
import io.punctual.contract.ReservedTopics;
import io.punctual.contract.TopicAllowlist;
import io.punctual.executor.ExecutorConfig;
import java.util.List;

/**
 * Which topics Kafka targets may write to: never a reserved one ({@link ReservedTopics} of this
 * deployment's topic prefix and scheduler application id), and, when {@code allow-topics} is set,
 * only one matching a pattern of it ({@link TopicAllowlist}).
 */
public final class TopicPolicy {
  private final TopicAllowlist allowlist;

  TopicPolicy(ReservedTopics reserved, List<String> allowTopics) {
    this.allowlist =
        TopicAllowlist.of(reserved, allowTopics, ExecutorConfig.PREFIX + ".allow-topics");
  }

  public static TopicPolicy of(ExecutorConfig config) {
    return new TopicPolicy(
        ReservedTopics.of(config.getTopicPrefix(), config.getSchedulerApplicationId()),
        config.getAllowTopics());
  }

  /** The reserved topics of this deployment. */
  ReservedTopics reserved() {
    return allowlist.reserved();
  }

  /**
   * Checks a Kafka target's topic.
   *
   * @throws InvalidTimerException naming {@link ReservedTopics#FIELD} when it is reserved or not
   *     allowed
   */
  public void check(String topic) {
    allowlist.check(ReservedTopics.FIELD, topic);
  }
}

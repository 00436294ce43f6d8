package io.punctual.executor.internal.guard;

import io.punctual.InvalidTimerException;
import io.punctual.contract.ReservedTopics;
import io.punctual.executor.ExecutorConfig;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which topics Kafka targets may write to: never a reserved one ({@link ReservedTopics} of this
 * deployment's topic prefix and scheduler application id), and, when {@code allow-topics} is set,
 * only one matching a pattern of it.
 */
public final class TopicPolicy {
  private final ReservedTopics reserved;
  private final List<Pattern> allowed;

  TopicPolicy(ReservedTopics reserved, List<String> allowTopics) {
    this.reserved = reserved;
    this.allowed =
        allowTopics.stream()
            .map(String::trim)
            .filter(pattern -> !pattern.isEmpty())
            .map(Pattern::compile)
            .toList();
  }

  public static TopicPolicy of(ExecutorConfig config) {
    return new TopicPolicy(
        ReservedTopics.of(config.getTopicPrefix(), config.getSchedulerApplicationId()),
        config.getAllowTopics());
  }

  /** The reserved topics of this deployment. */
  ReservedTopics reserved() {
    return reserved;
  }

  /**
   * Checks a Kafka target's topic.
   *
   * @throws InvalidTimerException naming {@link ReservedTopics#FIELD} when it is reserved or not
   *     allowed
   */
  public void check(String topic) {
    reserved.check(topic);
    if (!allowed.isEmpty() && allowed.stream().noneMatch(p -> p.matcher(topic).matches())) {
      throw new InvalidTimerException(
          ReservedTopics.FIELD,
          "'"
              + topic
              + "' is not allowed by "
              + ExecutorConfig.PREFIX
              + ".allow-topics "
              + allowed);
    }
  }
}

package io.punctual.scheduler.internals.startup;

import io.punctual.scheduler.PunctualConfigException;
import io.punctual.scheduler.SchedulerConfig;
import io.punctual.scheduler.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates Punctual's topics when absent and checks the existing ones: the timers, triggers, status
 * and commands topics must have one partition count, the timers topic must be compacted, and the
 * dead-letter topic must take the largest record of an input topic with the error headers. A topic
 * added in a later version (commands) is created with the partition count of the others.
 */
public final class TopicProvisioner {
  private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);
  private static final long TIMEOUT_SECONDS = 60;

  private final Admin admin;
  private final SchedulerConfig config;

  public TopicProvisioner(Admin admin, SchedulerConfig config) {
    this.admin = admin;
    this.config = config;
  }

  /**
   * Room a dead letter needs beyond the record it holds, for the headers naming the error and the
   * origin.
   */
  public static final int DEAD_LETTER_HEADROOM = 64 * 1024;

  /**
   * Makes the topics ready.
   *
   * @return the largest dead letter the scheduler may write: the largest record its input topics
   *     take, plus {@link #DEAD_LETTER_HEADROOM}
   * @throws PunctualConfigException when a topic is missing and may not be created, or exists with
   *     an incompatible setup
   */
  public int ensureTopics() {
    Topics topics = config.topics();
    Map<String, String> policies = new TreeMap<>(topics.cleanupPolicies());
    if (config.delayStatusEvents()) {
      policies.put(topics.delayedStatus(), "delete");
    }
    Map<String, Integer> partitions = describe(policies.keySet());
    List<NewTopic> missing = new ArrayList<>();
    int count = coPartitionedCount(topics, partitions);
    for (Map.Entry<String, String> topic : policies.entrySet()) {
      if (!partitions.containsKey(topic.getKey())) {
        missing.add(newTopic(topic.getKey(), topic.getValue(), count));
      }
    }
    if (!missing.isEmpty()) {
      create(missing);
      partitions.putAll(
          untilKnown(() -> describeAll(missing.stream().map(NewTopic::name).toList())));
    }
    checkCoPartitioned(topics, partitions);
    untilKnown(() -> checkCompacted(topics.timers()));
    return untilKnown(() -> ensureDeadLetterRoom(topics));
  }

  /**
   * Makes the dead-letter topic take any record an input topic takes, with the error headers: a
   * dead letter the broker refused would abort the scheduler's transaction at every retry, and the
   * bad record would hold up its partition for good. Raises the dead-letter topic's {@code
   * max.message.bytes} when it is lower, if topics may be created.
   */
  private int ensureDeadLetterRoom(Topics topics) {
    List<String> inputs = List.of(topics.timers(), topics.commands(), topics.delayed());
    List<String> all = new ArrayList<>(inputs);
    all.add(topics.deadLetters());
    Map<String, Integer> limits = maxMessageBytes(all);
    int needed = inputs.stream().mapToInt(limits::get).max().orElseThrow() + DEAD_LETTER_HEADROOM;
    int has = limits.get(topics.deadLetters());
    if (has >= needed) {
      return needed;
    }
    if (!config.getBoolean(SchedulerConfig.TOPICS_CREATE_CONFIG)) {
      throw new PunctualConfigException(
          "topic "
              + topics.deadLetters()
              + " has max.message.bytes="
              + has
              + " but needs "
              + needed
              + " (the largest input topic's plus "
              + DEAD_LETTER_HEADROOM
              + " for the error headers), and "
              + SchedulerConfig.TOPICS_CREATE_CONFIG
              + " is false: raise it");
    }
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topics.deadLetters());
    await(
        admin
            .incrementalAlterConfigs(
                Map.of(
                    resource,
                    List.of(
                        new AlterConfigOp(
                            new ConfigEntry(
                                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(needed)),
                            AlterConfigOp.OpType.SET))))
            .all());
    awaitRaised(topics.deadLetters(), needed);
    LOG.info("raised max.message.bytes of {} to {}", topics.deadLetters(), needed);
    return needed;
  }

  /**
   * Waits until the cluster shows the raised limit (a config change reaches the brokers through the
   * metadata log, a moment after it was accepted), so that no dead letter is written before.
   */
  private void awaitRaised(String topic, int needed) {
    for (int attempt = 1; ; attempt++) {
      if (maxMessageBytes(List.of(topic)).get(topic) >= needed) {
        return;
      }
      if (attempt == 300) {
        throw new PunctualConfigException(
            "raised max.message.bytes of "
                + topic
                + " to "
                + needed
                + " but the cluster still"
                + " shows less after 30 s");
      }
      sleep();
    }
  }

  /** The {@code max.message.bytes} of each topic. */
  private Map<String, Integer> maxMessageBytes(List<String> names) {
    List<ConfigResource> resources =
        names.stream().map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
    Map<String, Integer> limits = new TreeMap<>();
    admin
        .describeConfigs(resources)
        .values()
        .forEach(
            (resource, config) ->
                limits.put(
                    resource.name(),
                    Integer.parseInt(
                        await(config).get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value())));
    return limits;
  }

  private int coPartitionedCount(Topics topics, Map<String, Integer> partitions) {
    return topics.coPartitioned().stream()
        .map(partitions::get)
        .filter(p -> p != null)
        .findFirst()
        .orElse(config.getInt(SchedulerConfig.TOPICS_PARTITIONS_CONFIG));
  }

  private NewTopic newTopic(String name, String cleanupPolicy, int partitions) {
    short replication = config.getShort(SchedulerConfig.TOPICS_REPLICATION_FACTOR_CONFIG);
    return new NewTopic(
            name,
            Optional.of(partitions),
            replication < 0 ? Optional.empty() : Optional.of(replication))
        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy));
  }

  private void create(List<NewTopic> missing) {
    if (!config.getBoolean(SchedulerConfig.TOPICS_CREATE_CONFIG)) {
      throw new PunctualConfigException(
          "topics "
              + missing.stream().map(NewTopic::name).toList()
              + " do not exist and "
              + SchedulerConfig.TOPICS_CREATE_CONFIG
              + " is false");
    }
    for (Map.Entry<String, KafkaFuture<Void>> created :
        admin.createTopics(missing).values().entrySet()) {
      try {
        await(created.getValue());
        LOG.info("created topic {}", created.getKey());
      } catch (PunctualConfigException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    }
  }

  /** Describes topics that must all exist. */
  private Map<String, Integer> describeAll(Collection<String> names) {
    Map<String, Integer> partitions = describe(names);
    if (partitions.size() < names.size()) {
      throw new PunctualConfigException(
          "topics not visible yet", new UnknownTopicOrPartitionException("created topics"));
    }
    return partitions;
  }

  /** Retries while a just-created topic is not yet known to the broker answering. */
  private static <T> T untilKnown(Supplier<T> action) {
    for (int attempt = 1; ; attempt++) {
      try {
        return action.get();
      } catch (PunctualConfigException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || attempt == 50) {
          throw e;
        }
        sleep();
      }
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PunctualConfigException("interrupted while preparing topics", e);
    }
  }

  private Map<String, Integer> describe(Collection<String> names) {
    Map<String, Integer> partitions = new TreeMap<>();
    for (Map.Entry<String, KafkaFuture<TopicDescription>> topic :
        admin.describeTopics(names).topicNameValues().entrySet()) {
      try {
        partitions.put(topic.getKey(), await(topic.getValue()).partitions().size());
      } catch (PunctualConfigException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
      }
    }
    return partitions;
  }

  private static void checkCoPartitioned(Topics topics, Map<String, Integer> partitions) {
    Map<String, Integer> counts = new TreeMap<>();
    topics.coPartitioned().forEach(name -> counts.put(name, partitions.get(name)));
    if (counts.values().stream().distinct().count() > 1) {
      throw new PunctualConfigException(
          "topics must be co-partitioned (same partition count) but have "
              + counts
              + "; recreate them or choose another punctual.topic.prefix");
    }
  }

  private boolean checkCompacted(String timers) {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, timers);
    Config topicConfig = await(admin.describeConfigs(List.of(resource)).values().get(resource));
    String policy = topicConfig.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
    if (!policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
      throw new PunctualConfigException(
          "topic "
              + timers
              + " must be compacted (cleanup.policy=compact) but has cleanup.policy="
              + policy
              + ": deleted records would lose timers");
    }
    return true;
  }

  private static <T> T await(KafkaFuture<T> future) {
    try {
      return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new PunctualConfigException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new PunctualConfigException(
          "the Kafka cluster did not answer within " + TIMEOUT_SECONDS + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PunctualConfigException("interrupted while preparing topics", e);
    }
  }
}

package io.punctual.scheduler.internals.deliver;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Destinations asked of the cluster with admin requests, which never create a topic (a producer's
 * metadata request would, on a broker that creates topics on first use). Answers are kept and asked
 * again in the background when old ({@link #EXISTS_FOR_MS}, {@link #ABSENT_FOR_MS}); the old answer
 * stands meanwhile, so that a known topic never waits. A question the cluster does not answer
 * (timeout) leaves the topic unknown, and is asked again after {@link #RETRY_AFTER_MS}.
 *
 * <p>When topics may be created, an absent one is created with the given partitions and
 * replication, and asked about again; a creation the cluster refuses makes the topic refused, with
 * the cluster's reason.
 */
public final class AdminDestinations implements Destinations {
  private static final Logger LOG = LoggerFactory.getLogger(AdminDestinations.class);
  static final long EXISTS_FOR_MS = 30_000;
  static final long ABSENT_FOR_MS = 5_000;
  static final long RETRY_AFTER_MS = 1_000;
  static final int MOST_TOPICS = 10_000;
  private static final int TIMEOUT_MS = 10_000;

  private final Admin admin;
  private final Optional<NewTopicSpec> create;
  private final LongSupplier clock;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  /** How to create an absent destination. */
  public record NewTopicSpec(int partitions, short replicationFactor) {}

  /** An answer, when it was asked for, and whether a question is on its way. */
  private record Entry(Destination answer, long askedAt, boolean asking) {}

  /**
   * @param create how to create absent destinations, or empty when they are not created
   * @param clock the wall clock, epoch milliseconds
   */
  public AdminDestinations(Admin admin, Optional<NewTopicSpec> create, LongSupplier clock) {
    this.admin = admin;
    this.create = create;
    this.clock = clock;
  }

  @Override
  public Destination lookup(String topic) {
    long now = clock.getAsLong();
    Entry entry = entries.get(topic);
    if (entry != null && (entry.asking() || !stale(entry, now))) {
      return entry.answer();
    }
    Destination answer = entry == null ? Destination.UNKNOWN : entry.answer();
    Entry asking = new Entry(answer, now, true);
    boolean mine =
        entry == null
            ? entries.putIfAbsent(topic, asking) == null
            : entries.replace(topic, entry, asking);
    if (mine) {
      makeRoom();
      ask(topic);
    }
    return answer;
  }

  private static boolean stale(Entry entry, long now) {
    long keptFor =
        switch (entry.answer().status()) {
          case EXISTS, REFUSED -> EXISTS_FOR_MS;
          case ABSENT -> ABSENT_FOR_MS;
          case UNKNOWN -> RETRY_AFTER_MS;
        };
    return now - entry.askedAt() >= keptFor;
  }

  /** Keeps at most {@link #MOST_TOPICS} answers: the oldest go first. */
  private void makeRoom() {
    if (entries.size() <= MOST_TOPICS) {
      return;
    }
    entries.entrySet().stream()
        .filter(e -> !e.getValue().asking())
        .sorted(Comparator.comparingLong(e -> e.getValue().askedAt()))
        .limit(entries.size() - MOST_TOPICS / 2)
        .toList()
        .forEach(e -> entries.remove(e.getKey(), e.getValue()));
  }

  private void ask(String topic) {
    try {
      KafkaFuture<TopicDescription> described =
          admin
              .describeTopics(
                  List.of(topic),
                  new DescribeTopicsOptions()
                      .timeoutMs(TIMEOUT_MS)
                      .includeAuthorizedOperations(true))
              .topicNameValues()
              .get(topic);
      described.whenComplete(
          (description, error) -> {
            if (error == null) {
              describeConfigs(topic, description);
            } else if (unwrap(error) instanceof UnknownTopicOrPartitionException) {
              absent(topic);
            } else {
              unanswered(topic, error);
            }
          });
    } catch (RuntimeException e) {
      unanswered(topic, e);
    }
  }

  private void describeConfigs(String topic, TopicDescription description) {
    Set<AclOperation> allowed = description.authorizedOperations();
    if (allowed != null
        && !allowed.contains(AclOperation.WRITE)
        && !allowed.contains(AclOperation.ALL)) {
      answer(topic, Destination.refused("the scheduler may not write to topic " + topic));
      return;
    }
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    admin
        .describeConfigs(List.of(resource))
        .values()
        .get(resource)
        .whenComplete(
            (config, error) -> {
              if (error == null) {
                answer(topic, exists(config));
              } else if (unwrap(error) instanceof UnknownTopicOrPartitionException) {
                absent(topic);
              } else {
                unanswered(topic, error);
              }
            });
  }

  private static Destination exists(Config config) {
    int maxMessageBytes =
        Integer.parseInt(value(config, TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "1048588"));
    boolean logAppendTime =
        "LogAppendTime".equals(value(config, TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, ""));
    long beforeMax =
        logAppendTime
            ? Long.MAX_VALUE
            : Long.parseLong(
                value(
                    config,
                    TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG,
                    Long.toString(Long.MAX_VALUE)));
    return Destination.exists(maxMessageBytes, beforeMax);
  }

  private static String value(Config config, String name, String otherwise) {
    ConfigEntry entry = config.get(name);
    return entry == null || entry.value() == null ? otherwise : entry.value();
  }

  private void absent(String topic) {
    if (create.isEmpty()) {
      answer(topic, Destination.ABSENT);
      return;
    }
    NewTopicSpec spec = create.get();
    NewTopic newTopic =
        new NewTopic(
            topic,
            Optional.of(spec.partitions()),
            spec.replicationFactor() < 0
                ? Optional.empty()
                : Optional.of(spec.replicationFactor()));
    admin
        .createTopics(List.of(newTopic))
        .values()
        .get(topic)
        .whenComplete(
            (created, error) -> {
              if (error == null || unwrap(error) instanceof TopicExistsException) {
                LOG.info("created destination topic {}", topic);
                ask(topic);
              } else {
                answer(
                    topic,
                    Destination.refused(
                        "topic "
                            + topic
                            + " does not exist and could not be created: "
                            + unwrap(error)));
              }
            });
  }

  private void answer(String topic, Destination answer) {
    entries.put(topic, new Entry(answer, clock.getAsLong(), false));
  }

  private void unanswered(String topic, Throwable error) {
    LOG.warn(
        "could not tell whether destination topic {} exists: {}", topic, unwrap(error).toString());
    entries.computeIfPresent(
        topic, (name, entry) -> new Entry(entry.answer(), clock.getAsLong(), false));
  }

  private static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}

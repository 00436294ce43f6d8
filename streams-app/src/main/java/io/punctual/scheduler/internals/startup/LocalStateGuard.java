package io.punctual.scheduler.internals.startup;

import io.punctual.scheduler.PunctualConfigException;
import io.punctual.scheduler.SchedulerConfig;
import io.punctual.scheduler.Topics;
import io.punctual.scheduler.internals.NodeNames;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure local state belongs to the cluster and topics it is about to serve. Beside the state
 * directory of the application, a file records the cluster id and the ids of the input and
 * changelog topics the state was built from. The local state would fire timers that exist nowhere,
 * so it is wiped before Kafka Streams starts, and rebuilt from the changelogs, when
 *
 * <ul>
 *   <li>the cluster or one of those topics is another one now (a broker replaced by a fresh one,
 *       topics deleted and created again), or one of them is gone;
 *   <li>a changelog partition ends before an offset it was seen to reach ({@link
 *       #recordChangelogEnds()}, at a clean stop and every minute while the scheduler runs), or is
 *       gone: the changelog lost records the stores may hold (an unclean leader election, a broker
 *       that lost its disk). Kafka Streams would take such a store as up to date. With
 *       transactional state stores it keeps the stores after a crash too, so the ends are recorded
 *       while running, not only at a clean stop.
 * </ul>
 */
public final class LocalStateGuard {
  private static final Logger LOG = LoggerFactory.getLogger(LocalStateGuard.class);
  private static final String CLUSTER = "cluster.id";
  private static final String TOPIC = "topic.";
  private static final String END = "end.";

  /** How long the checks at start wait for the cluster. */
  public static final long START_TIMEOUT_SECONDS = 30;

  /** How long recording the ends at a stop waits for the cluster. */
  public static final long STOP_TIMEOUT_SECONDS = 5;

  private final Admin admin;
  private final Path file;
  private final List<String> topics;
  private final List<String> changelogs = new ArrayList<>();
  private final long timeoutSeconds;

  public LocalStateGuard(Admin admin, SchedulerConfig config, long timeoutSeconds) {
    this.admin = admin;
    this.timeoutSeconds = timeoutSeconds;
    Map<String, Object> streams = config.streamsProperties();
    String applicationId = String.valueOf(streams.get(StreamsConfig.APPLICATION_ID_CONFIG));
    this.file =
        Path.of(String.valueOf(streams.get(StreamsConfig.STATE_DIR_CONFIG)))
            .resolve(applicationId + ".punctual-identity");
    Topics names = config.topics();
    this.topics =
        new ArrayList<>(List.of(names.timers(), names.commands(), names.status(), names.delayed()));
    for (String store :
        List.of(
            NodeNames.TIMERS_STORE,
            NodeNames.DUE_INDEX_STORE,
            NodeNames.HISTORY_STORE,
            NodeNames.DELAYED_STORE)) {
      changelogs.add(applicationId + "-" + store + "-changelog");
    }
    topics.addAll(changelogs);
  }

  /**
   * Compares the recorded identity with the cluster's, records the current one, and tells whether
   * the local state must be wiped: true when the cluster or a recorded topic is another one now.
   */
  public boolean mustWipe() {
    Properties current = current();
    Properties recorded = recorded();
    List<String> changed = new ArrayList<>();
    for (String key : recorded.stringPropertyNames()) {
      if (key.startsWith(END)) {
        continue;
      }
      String was = recorded.getProperty(key);
      String now = current.getProperty(key);
      if (!was.equals(now)) {
        changed.add(key + " " + was + " -> " + (now == null ? "gone" : now));
      }
    }
    changed.addAll(endsMovedBack(recorded));
    if (!changed.isEmpty()) {
      LOG.warn(
          "local state in {} was built against another cluster, other topics or records the"
              + " changelogs no longer hold ({}): it is wiped and rebuilt from the changelogs",
          file.getParent(),
          String.join(", ", changed));
    }
    record(current);
    return !changed.isEmpty();
  }

  private Properties current() {
    return ask(
        () -> {
          Properties identity = new Properties();
          identity.setProperty(
              CLUSTER, admin.describeCluster().clusterId().get(timeoutSeconds, TimeUnit.SECONDS));
          for (String topic : topics) {
            TopicDescription description = describe(topic);
            if (description != null) {
              identity.setProperty(TOPIC + topic, description.topicId().toString());
            }
          }
          return identity;
        });
  }

  /** A question to the cluster, as the checks at start ask it. */
  @FunctionalInterface
  private interface ClusterQuestion<T> {
    T ask() throws InterruptedException, ExecutionException, TimeoutException;
  }

  /** The answer; a cluster that cannot answer stops the start. */
  private static <T> T ask(ClusterQuestion<T> question) {
    try {
      return question.ask();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PunctualConfigException("interrupted while checking the local state", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new PunctualConfigException("cannot check the local state against the cluster", e);
    }
  }

  /** A request for the end offset of each partition. */
  private static Map<TopicPartition, OffsetSpec> latestOf(Collection<TopicPartition> partitions) {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    partitions.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
    return latest;
  }

  private TopicDescription describe(String topic)
      throws InterruptedException, ExecutionException, TimeoutException {
    try {
      return admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get(timeoutSeconds, TimeUnit.SECONDS)
          .get(topic);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return null;
      }
      throw e;
    }
  }

  /**
   * Records the end offset of every changelog partition: offsets the changelogs reached, which they
   * can never legitimately fall back from. {@link #mustWipe()} compares them at the next start, and
   * drops them.
   */
  public void recordChangelogEnds() {
    Properties identity = recorded();
    try {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : changelogs) {
        TopicDescription description = describe(topic);
        if (description != null) {
          description
              .partitions()
              .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
      }
      admin
          .listOffsets(latestOf(partitions))
          .all()
          .get(timeoutSeconds, TimeUnit.SECONDS)
          .forEach(
              (partition, end) ->
                  identity.setProperty(END + partition, Long.toString(end.offset())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      LOG.warn("could not record the changelogs' end offsets; the next start cannot check them", e);
      return;
    }
    record(identity);
  }

  /**
   * The changelog partitions that end before the offset recorded at the last clean stop, or are
   * gone, as "end topic-partition recorded > now".
   */
  private List<String> endsMovedBack(Properties recorded) {
    Map<TopicPartition, Long> ends = new HashMap<>();
    for (String key : recorded.stringPropertyNames()) {
      if (key.startsWith(END)) {
        String name = key.substring(END.length());
        int dash = name.lastIndexOf('-');
        try {
          ends.put(
              new TopicPartition(
                  name.substring(0, dash), Integer.parseInt(name.substring(dash + 1))),
              Long.parseLong(recorded.getProperty(key)));
        } catch (RuntimeException e) {
          LOG.warn("ignoring the unreadable line {} of {}", key, file);
        }
      }
    }
    if (ends.isEmpty()) {
      return List.of();
    }
    ListOffsetsResult now = admin.listOffsets(latestOf(ends.keySet()));
    return ask(
        () -> {
          List<String> movedBack = new ArrayList<>();
          for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            long current = endOffset(now, end.getKey());
            if (current < end.getValue()) {
              movedBack.add(
                  "end "
                      + end.getKey()
                      + " "
                      + end.getValue()
                      + " -> "
                      + (current < 0 ? "gone" : Long.toString(current)));
            }
          }
          return movedBack;
        });
  }

  /** The partition's end offset, or -1 when it does not exist. */
  private long endOffset(ListOffsetsResult ends, TopicPartition partition)
      throws InterruptedException, ExecutionException, TimeoutException {
    try {
      return ends.partitionResult(partition).get(timeoutSeconds, TimeUnit.SECONDS).offset();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return -1;
      }
      throw e;
    }
  }

  private Properties recorded() {
    Properties identity = new Properties();
    if (Files.exists(file)) {
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        identity.load(reader);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
    return identity;
  }

  private void record(Properties identity) {
    try {
      Files.createDirectories(file.getParent());
      try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        identity.store(writer, "what the local state of this application was built from");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}

package io.punctual.scheduler;

import io.punctual.scheduler.topology.NodeNames;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure local state belongs to the cluster and topics it is about to serve. Beside the state
 * directory of the application, a file records the cluster id and the ids of the input and
 * changelog topics the state was built from. When the cluster or one of those topics is another one
 * now (a broker replaced by a fresh one, topics deleted and created again), the local state would
 * fire timers that exist nowhere: it is wiped before Kafka Streams starts, and rebuilt from the
 * changelogs.
 */
final class LocalStateGuard {
  private static final Logger LOG = LoggerFactory.getLogger(LocalStateGuard.class);
  private static final String CLUSTER = "cluster.id";
  private static final String TOPIC = "topic.";
  private static final long TIMEOUT_SECONDS = 30;

  private final Admin admin;
  private final Path file;
  private final List<String> topics;

  LocalStateGuard(Admin admin, SchedulerConfig config) {
    this.admin = admin;
    Map<String, Object> streams = config.streamsProperties();
    String applicationId = String.valueOf(streams.get(StreamsConfig.APPLICATION_ID_CONFIG));
    this.file =
        Path.of(String.valueOf(streams.get(StreamsConfig.STATE_DIR_CONFIG)))
            .resolve(applicationId + ".punctual-identity");
    Topics names = config.topics();
    this.topics = new ArrayList<>(List.of(names.timers(), names.commands(), names.status()));
    for (String store :
        List.of(NodeNames.TIMERS_STORE, NodeNames.DUE_INDEX_STORE, NodeNames.HISTORY_STORE)) {
      topics.add(applicationId + "-" + store + "-changelog");
    }
  }

  /**
   * Compares the recorded identity with the cluster's, records the current one, and tells whether
   * the local state must be wiped: true when the cluster or a recorded topic is another one now.
   */
  boolean mustWipe() {
    Properties current = current();
    Properties recorded = recorded();
    List<String> changed = new ArrayList<>();
    for (String key : recorded.stringPropertyNames()) {
      String was = recorded.getProperty(key);
      String now = current.getProperty(key);
      if (now != null && !now.equals(was)) {
        changed.add(key + " " + was + " -> " + now);
      }
    }
    if (!changed.isEmpty()) {
      LOG.warn(
          "local state in {} was built against another cluster or topics ({}): it is wiped and"
              + " rebuilt from the changelogs",
          file.getParent(),
          String.join(", ", changed));
    }
    record(current);
    return !changed.isEmpty();
  }

  private Properties current() {
    Properties identity = new Properties();
    try {
      identity.setProperty(
          CLUSTER, admin.describeCluster().clusterId().get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
      for (String topic : topics) {
        TopicDescription description = describe(topic);
        if (description != null) {
          identity.setProperty(TOPIC + topic, description.topicId().toString());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PunctualConfigException("interrupted while checking the local state", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new PunctualConfigException("cannot check the local state against the cluster", e);
    }
    return identity;
  }

  private TopicDescription describe(String topic)
      throws InterruptedException, ExecutionException, TimeoutException {
    try {
      return admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
          .get(topic);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return null;
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

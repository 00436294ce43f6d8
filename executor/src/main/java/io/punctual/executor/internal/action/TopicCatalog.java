package io.punctual.executor.internal.action;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Which topics exist, asked of the cluster with a metadata request that never creates a topic (a
 * producer's would, on a broker that creates topics on first use: a definition could then create
 * any number of topics). A Kafka target's record is produced only to a topic known to exist.
 *
 * <p>Answers are kept: "exists" for {@link #KNOWN_FOR}, "does not exist" for {@link #UNKNOWN_FOR},
 * so a topic created later is seen soon; one question is asked at a time per topic, and at most
 * {@link #MOST_TOPICS} answers are kept. A failed question (timeout, authorization) is not kept.
 */
final class TopicCatalog {
  static final Duration KNOWN_FOR = Duration.ofMinutes(5);
  static final Duration UNKNOWN_FOR = Duration.ofSeconds(10);
  static final int MOST_TOPICS = 10_000;

  private final Admin admin;
  private final Duration timeout;
  private final LongSupplier clock;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();

  /** A question and when it was asked; its future completes when the cluster answers. */
  private record Answer(CompletableFuture<Boolean> exists, long asked) {}

  TopicCatalog(Admin admin, Duration timeout, LongSupplier clock) {
    this.admin = admin;
    this.timeout = timeout;
    this.clock = clock;
  }

  /**
   * Completes with whether the topic exists, or exceptionally when the cluster could not tell
   * within the timeout.
   */
  CompletableFuture<Boolean> exists(String topic) {
    long now = clock.getAsLong();
    Answer kept = answers.get(topic);
    if (kept != null && fresh(kept, now)) {
      return kept.exists();
    }
    if (answers.size() >= MOST_TOPICS) {
      answers.values().removeIf(answer -> !fresh(answer, now));
      if (answers.size() >= MOST_TOPICS) {
        answers.clear();
      }
    }
    Answer asked = new Answer(new CompletableFuture<>(), now);
    Answer current =
        answers.compute(topic, (name, old) -> old != null && fresh(old, now) ? old : asked);
    if (current == asked) {
      ask(topic, asked);
    }
    return current.exists();
  }

  private boolean fresh(Answer answer, long now) {
    CompletableFuture<Boolean> exists = answer.exists();
    if (!exists.isDone()) {
      return true;
    }
    if (exists.isCompletedExceptionally()) {
      return false;
    }
    Duration keptFor = exists.join() ? KNOWN_FOR : UNKNOWN_FOR;
    return now - answer.asked() < keptFor.toMillis();
  }

  private void ask(String topic, Answer answer) {
    try {
      admin
          .describeTopics(
              List.of(topic), new DescribeTopicsOptions().timeoutMs((int) timeout.toMillis()))
          .topicNameValues()
          .get(topic)
          .whenComplete(
              (description, error) -> {
                if (error == null) {
                  answer.exists().complete(true);
                } else if (unwrap(error) instanceof UnknownTopicOrPartitionException) {
                  answer.exists().complete(false);
                } else {
                  answer.exists().completeExceptionally(unwrap(error));
                }
              });
    } catch (RuntimeException e) {
      answer.exists().completeExceptionally(e);
    }
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

package io.punctual.executor.internal.consume;

import io.micronaut.context.annotation.Context;
import io.punctual.Invocation;
import io.punctual.executor.ExecutorConfig;
import io.punctual.executor.internal.KafkaClients;
import io.punctual.executor.internal.Trigger;
import io.punctual.executor.internal.engine.InvocationEngine;
import io.punctual.executor.internal.publish.ExecutorMetrics;
import io.punctual.executor.internal.publish.StatusPublisher;
import io.punctual.serde.SchemaRegistryException;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer of {@code <prefix>.triggers}: one thread running its own poll loop on a
 * read_committed {@link KafkaConsumer}.
 *
 * <p>Why not micronaut-kafka's {@code @KafkaListener}: correctness needs three things a listener
 * method does not give together. Offsets are committed per partition only up to the lowest
 * unfinished trigger ({@link OffsetTracker}), while invocations finish out of order on other
 * threads, hours after they were polled; commits must therefore come from the polling thread at any
 * time, not at the end of a listener call. Backpressure pauses every assigned partition when the
 * in-memory bound would be passed by the next poll, and resumes them below it. And a revocation
 * must commit what is finished and drop what is not, synchronously, inside the rebalance callback.
 * A plain consumer does all three in a few lines.
 *
 * <p>A revocation first drops what has not started, then waits up to {@code revocation-grace} for
 * the actions running on the partitions to end and their outcomes to be acknowledged, and commits
 * them: the next owner, often this executor again after a rebalance, does not perform them again.
 * The commit names, in its metadata, the offsets finished past the committed one (see {@link
 * OffsetTracker}); an assignment reads it and skips them.
 *
 * <p>A trigger that cannot be decoded is skipped (counted, logged with its origin, reported as
 * REJECTED with its bytes on the dead-letter topic) and its offset finished at once. A schema
 * registry that cannot be reached is no fault of the trigger: its partition is sought back to it
 * and paused for a backoff, and the trigger is read again. If the poll thread dies of anything
 * else, {@link #died()} completes: {@code /health} turns DOWN and the command exits non-zero.
 *
 * <p>A graceful stop stops polling, drops what has not started, waits up to the shutdown timeout
 * for running actions and their outcomes, commits, and closes.
 */
@Context
public final class TriggerLoop implements ConsumerRebalanceListener {
  private static final Logger LOG = LoggerFactory.getLogger(TriggerLoop.class);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration GRACE_STEP = Duration.ofMillis(10);
  private static final Duration COMMITTED_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration FIRST_REGISTRY_BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_REGISTRY_BACKOFF = Duration.ofSeconds(30);

  private final ExecutorConfig config;
  private final InvocationEngine engine;
  private final StatusPublisher status;
  private final ExecutorMetrics metrics;
  private final Clock clock;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Deserializer<Invocation> deserializer;
  private final int maxPollRecords;
  private final Map<TopicPartition, OffsetTracker> trackers = new ConcurrentHashMap<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final CompletableFuture<Throwable> died = new CompletableFuture<>();
  private final Map<TopicPartition, Instant> registryBackoff = new HashMap<>();
  private Duration nextRegistryBackoff = FIRST_REGISTRY_BACKOFF;
  private volatile boolean running = true;
  private volatile boolean paused;
  private Thread thread;

  TriggerLoop(
      ExecutorConfig config,
      KafkaClients kafka,
      InvocationEngine engine,
      StatusPublisher status,
      ExecutorMetrics metrics,
      Clock clock) {
    this.config = config;
    this.engine = engine;
    this.status = status;
    this.metrics = metrics;
    this.clock = clock;
    this.maxPollRecords = Math.max(1, Math.min(500, config.getMaxHeld() / 4));
    this.consumer = kafka.newConsumer(maxPollRecords);
    this.deserializer = kafka.invocationDeserializer();
    metrics.gauge(
        "punctual.executor.consumption.paused",
        "1 while backpressure pauses the triggers",
        () -> paused ? 1 : 0);
  }

  @PostConstruct
  void start() {
    thread = new Thread(this::run, "punctual-executor-poll");
    thread.start();
  }

  /**
   * Completes with the cause when the poll thread died of an unexpected failure; never completes
   * when it stops because it was asked to.
   */
  public CompletableFuture<Throwable> died() {
    return died;
  }

  /** Whether consumption is paused by backpressure. */
  public boolean paused() {
    return paused;
  }

  private void run() {
    try {
      consumer.subscribe(List.of(config.triggersTopic()), this);
      LOG.info(
          "executor {} consuming {} in group {}",
          status.instance(),
          config.triggersTopic(),
          config.getGroupId());
      while (running) {
        applyBackpressure();
        resumeAfterRegistryBackoff();
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
          if (!registryBackoff.containsKey(partitionOf(record))) {
            accept(record);
          }
        }
        commit(false);
      }
    } catch (WakeupException e) {
      if (running) {
        LOG.error("trigger consumer woken up unexpectedly", e);
        died.complete(e);
      }
    } catch (RuntimeException | Error e) {
      LOG.error("trigger consumer failed; stopping", e);
      died.complete(e);
    } finally {
      drain();
      stopped.countDown();
    }
  }

  private void applyBackpressure() {
    boolean full = config.getMaxHeld() - engine.activeCount() < maxPollRecords;
    if (full && !paused) {
      consumer.pause(consumer.assignment());
      paused = true;
      LOG.info("{} invocations in memory: consumption paused", engine.activeCount());
    } else if (!full && paused) {
      Set<TopicPartition> resumed = new HashSet<>(consumer.assignment());
      resumed.removeAll(registryBackoff.keySet());
      consumer.resume(resumed);
      paused = false;
      LOG.info("{} invocations in memory: consumption resumed", engine.activeCount());
    }
  }

  private static TopicPartition partitionOf(ConsumerRecord<byte[], byte[]> record) {
    return new TopicPartition(record.topic(), record.partition());
  }

  private void accept(ConsumerRecord<byte[], byte[]> record) {
    TopicPartition partition = partitionOf(record);
    OffsetTracker tracker = trackers.get(partition);
    if (tracker == null) {
      return;
    }
    String origin = Trigger.origin(record.topic(), record.partition(), record.offset());
    if (tracker.finishedBefore(record.offset())) {
      LOG.debug("trigger at {} finished by the partition's previous owner: skipped", origin);
      metrics.skipped();
      return;
    }
    Invocation invocation;
    try {
      invocation = deserializer.deserialize(record.topic(), record.value());
      if (invocation == null) {
        throw new IllegalArgumentException("a null trigger value");
      }
    } catch (SchemaRegistryException e) {
      registryOutage(partition, record.offset(), origin, e);
      return;
    } catch (RuntimeException e) {
      undecodable(record, tracker, origin, e);
      return;
    }
    nextRegistryBackoff = FIRST_REGISTRY_BACKOFF;
    tracker.add(record.offset());
    if (invocation.getCancel()) {
      whenAcked(tracker, record.offset(), origin, engine.cancel(invocation.getInvocationId()));
    } else {
      engine.submit(
          new Trigger(
              invocation, record.value(), record.topic(), record.partition(), record.offset()),
          tracker);
    }
  }

  /**
   * A trigger that cannot be decoded is skipped: counted, logged once, reported as REJECTED with
   * its bytes on the dead-letter topic (best effort), and its offset is finished at once, so the
   * commit moves past it.
   */
  private void undecodable(
      ConsumerRecord<byte[], byte[]> record, OffsetTracker tracker, String origin, Exception e) {
    tracker.add(record.offset());
    tracker.done(record.offset());
    metrics.undecodable();
    LOG.error(
        "undecodable trigger at {} (topic {}, partition {}, offset {}) skipped: {}",
        origin,
        record.topic(),
        record.partition(),
        record.offset(),
        e.getMessage());
    status
        .rejected(record, "undecodable trigger: " + e.getMessage())
        .whenComplete(
            (ok, error) -> {
              if (error != null) {
                LOG.warn("REJECTED of the trigger at {} not published: {}", origin, error);
              }
            });
  }

  /**
   * The schema registry could not be asked: not the trigger's fault. The partition goes back to the
   * trigger and pauses for a backoff (doubling from 1 s to 30 s while the outage lasts); the
   * trigger is read again after it.
   */
  private void registryOutage(
      TopicPartition partition, long offset, String origin, SchemaRegistryException e) {
    Duration backoff = nextRegistryBackoff;
    nextRegistryBackoff = min(backoff.multipliedBy(2), MAX_REGISTRY_BACKOFF);
    consumer.seek(partition, offset);
    consumer.pause(List.of(partition));
    registryBackoff.put(partition, clock.instant().plus(backoff));
    metrics.registryOutage();
    LOG.warn(
        "schema registry unavailable reading the trigger at {}; {} paused, retried in {}: {}",
        origin,
        partition,
        backoff,
        e.getMessage());
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private void resumeAfterRegistryBackoff() {
    Instant now = clock.instant();
    List<TopicPartition> due = new ArrayList<>();
    registryBackoff.forEach(
        (partition, until) -> {
          if (!now.isBefore(until)) {
            due.add(partition);
          }
        });
    due.forEach(registryBackoff::remove);
    due.retainAll(consumer.assignment());
    if (!due.isEmpty() && !paused && running) {
      consumer.resume(due);
    }
  }

  private static void whenAcked(
      OffsetTracker tracker, long offset, String origin, CompletableFuture<Void> acked) {
    acked.whenComplete(
        (ok, error) -> {
          if (error == null) {
            tracker.done(offset);
          } else {
            LOG.error(
                "outcome of the trigger at {} not acknowledged: {}", origin, error.toString());
          }
        });
  }

  private void commit(boolean sync) {
    commit(trackers.keySet(), sync);
  }

  /** Commits what moved since the last request; a synchronous commit commits it all again. */
  private void commit(Collection<TopicPartition> partitions, boolean sync) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    Map<TopicPartition, OffsetTracker> requested = new HashMap<>();
    for (TopicPartition partition : partitions) {
      OffsetTracker tracker = trackers.get(partition);
      Optional<OffsetTracker.Commit> commit =
          tracker == null ? Optional.empty() : tracker.committable(sync);
      if (commit.isPresent()) {
        offsets.put(
            partition, new OffsetAndMetadata(commit.get().offset(), commit.get().metadata()));
        tracker.requested(commit.get());
        requested.put(partition, tracker);
      }
    }
    if (offsets.isEmpty()) {
      return;
    }
    if (sync) {
      try {
        consumer.commitSync(offsets);
      } catch (RuntimeException e) {
        LOG.warn("commit of {} failed: {}", offsets, e.toString());
        requested.values().forEach(OffsetTracker::failed);
      }
    } else {
      consumer.commitAsync(
          offsets,
          (done, error) -> {
            if (error != null) {
              LOG.warn("commit of {} failed: {}", offsets, error.toString());
              requested.values().forEach(OffsetTracker::failed);
            }
          });
    }
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    Map<TopicPartition, OffsetAndMetadata> committed = committed(partitions);
    for (TopicPartition partition : partitions) {
      OffsetTracker tracker = new OffsetTracker();
      OffsetAndMetadata last = committed.get(partition);
      if (last != null) {
        long finished = tracker.resume(last.offset(), last.metadata());
        if (finished > 0) {
          LOG.info(
              "{}: {} trigger offset(s) past the committed {} finished by the previous owner",
              partition,
              finished,
              last.offset());
        }
      }
      trackers.put(partition, tracker);
    }
    if (paused || !running) {
      consumer.pause(partitions);
    }
    LOG.info("assigned {}", partitions);
  }

  /** The committed offsets of newly assigned partitions, or none when they cannot be read. */
  private Map<TopicPartition, OffsetAndMetadata> committed(Collection<TopicPartition> partitions) {
    if (partitions.isEmpty()) {
      return Map.of();
    }
    try {
      Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
      consumer
          .committed(new HashSet<>(partitions), COMMITTED_TIMEOUT)
          .forEach(
              (partition, offset) -> {
                if (offset != null) {
                  committed.put(partition, offset);
                }
              });
      return committed;
    } catch (RuntimeException e) {
      LOG.warn(
          "committed offsets of {} unreadable ({}): triggers finished past them by their previous"
              + " owner may be performed again",
          partitions,
          e.toString());
      return Map.of();
    }
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    Set<OffsetTracker> revoked = trackersOf(partitions);
    engine.dropWaiting(revoked);
    Instant deadline = clock.instant().plus(config.getRevocationGrace());
    while (engine.running(revoked) && clock.instant().isBefore(deadline)) {
      try {
        Thread.sleep(GRACE_STEP.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    commit(partitions, true);
    forget(partitions);
    LOG.info("revoked {}", partitions);
  }

  @Override
  public void onPartitionsLost(Collection<TopicPartition> partitions) {
    forget(partitions);
    LOG.warn("lost {}", partitions);
  }

  private void forget(Collection<TopicPartition> partitions) {
    partitions.forEach(registryBackoff::remove);
    Set<OffsetTracker> gone = trackersOf(partitions);
    partitions.forEach(trackers::remove);
    engine.abandon(gone);
  }

  private Set<OffsetTracker> trackersOf(Collection<TopicPartition> partitions) {
    Set<OffsetTracker> found = new HashSet<>();
    for (TopicPartition partition : partitions) {
      OffsetTracker tracker = trackers.get(partition);
      if (tracker != null) {
        found.add(tracker);
      }
    }
    return found;
  }

  private void drain() {
    try {
      consumer.pause(consumer.assignment());
      engine.beginShutdown();
      Instant deadline = clock.instant().plus(config.getShutdownTimeout());
      while (engine.busy() && clock.instant().isBefore(deadline)) {
        try {
          consumer.poll(POLL);
        } catch (WakeupException e) {
          LOG.debug("woken up while draining");
        }
        commit(false);
      }
      if (engine.activeCount() > 0) {
        LOG.warn(
            "shutdown timeout: abandoning {} running invocation(s), redone by the next owner",
            engine.activeCount());
        engine.abandonAll();
      }
      commit(true);
    } catch (RuntimeException e) {
      LOG.error("graceful shutdown of the trigger consumer failed", e);
    } finally {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
      LOG.info("executor {} stopped consuming", status.instance());
    }
  }

  /**
   * Stops gracefully and waits for it (see the class comment); does nothing the second time. Runs
   * before the context closes the HTTP client and the producer, which the drain still needs.
   */
  @PreDestroy
  public void stop() throws InterruptedException {
    running = false;
    consumer.wakeup();
    if (!stopped.await(config.getShutdownTimeout().toMillis() + 15_000, TimeUnit.MILLISECONDS)) {
      LOG.error("trigger consumer did not stop in time");
    }
  }
}

package io.punctual.scheduler;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.punctual.scheduler.internals.startup.LocalStateGuard;
import io.punctual.scheduler.internals.startup.TopicProvisioner;
import io.punctual.scheduler.internals.topology.SchedulerTopology;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running scheduler instance: prepares the topics, then runs the topology on Kafka Streams until
 * closed. Instances with the same {@code application.id} share the timers' partitions.
 */
public final class PunctualScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PunctualScheduler.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  /** Counter of the stream threads that failed and were replaced. */
  public static final String THREAD_FAILURES = "punctual.stream.thread.failures";

  private final KafkaStreams streams;
  private final CompositeMeterRegistry meters;
  private final SchedulerConfig config;
  private final CountDownLatch running = new CountDownLatch(1);
  private final AtomicInteger threadFailures = new AtomicInteger();

  private PunctualScheduler(
      SchedulerConfig config, KafkaStreams streams, CompositeMeterRegistry meters) {
    this.config = config;
    this.streams = streams;
    this.meters = meters;
  }

  /**
   * Prepares the topics, wipes local state built against another cluster or topics, and starts the
   * scheduler.
   */
  public static PunctualScheduler start(SchedulerConfig config) {
    boolean wipe;
    try (Admin admin = Admin.create(config.adminProperties())) {
      new TopicProvisioner(admin, config).ensureTopics();
      wipe = new LocalStateGuard(admin, config, LocalStateGuard.START_TIMEOUT_SECONDS).mustWipe();
    }
    Properties properties = new Properties();
    properties.putAll(config.streamsProperties());
    CompositeMeterRegistry meters = new CompositeMeterRegistry();
    KafkaStreams streams = new KafkaStreams(SchedulerTopology.build(config, meters), properties);
    PunctualScheduler scheduler = new PunctualScheduler(config, streams, meters);
    FunctionCounter.builder(THREAD_FAILURES, scheduler.threadFailures, AtomicInteger::get)
        .description("Stream threads that failed and were replaced")
        .register(meters);
    streams.setUncaughtExceptionHandler(
        error -> {
          scheduler.threadFailures.incrementAndGet();
          LOG.error("a stream thread failed; it is replaced", error);
          return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    streams.setStateListener(
        (next, previous) -> {
          LOG.info("scheduler state {} -> {}", previous, next);
          if (next == KafkaStreams.State.RUNNING) {
            scheduler.running.countDown();
          }
        });
    if (wipe) {
      streams.cleanUp();
    }
    streams.start();
    return scheduler;
  }

  /** Waits until the scheduler has its tasks and fires; false when the wait timed out. */
  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    return running.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** How many stream threads failed and were replaced since the start. */
  public int threadFailures() {
    return threadFailures.get();
  }

  /**
   * The scheduler's own meters ({@code punctual.firings}, {@code punctual.firing.lateness}, the due
   * backlog per partition; see {@link io.punctual.scheduler.internals.SchedulerMeters}): add a
   * registry to it to publish them.
   */
  public CompositeMeterRegistry meters() {
    return meters;
  }

  /** The underlying Kafka Streams instance, for state and metrics. */
  public KafkaStreams streams() {
    return streams;
  }

  /**
   * Stops firing, commits what was fired and leaves the group, so that its partitions move to the
   * other instances at once rather than after the session timeout (their timers would fire that
   * much late); after a clean stop, records how far the changelogs reached, so that the next start
   * can tell whether they lost records since.
   */
  @Override
  public void close() {
    if (streams.close(
        CloseOptions.timeout(CLOSE_TIMEOUT)
            .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP))) {
      Admin admin = Admin.create(config.adminProperties());
      try {
        new LocalStateGuard(admin, config, LocalStateGuard.STOP_TIMEOUT_SECONDS)
            .recordChangelogEnds();
      } finally {
        admin.close(Duration.ofSeconds(LocalStateGuard.STOP_TIMEOUT_SECONDS));
      }
    }
  }
}

package io.punctual.scheduler;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.punctual.scheduler.internals.deliver.AdminDestinations;
import io.punctual.scheduler.internals.deliver.Destinations;
import io.punctual.scheduler.internals.metrics.GuardedMetricsStreams;
import io.punctual.scheduler.internals.startup.LocalStateGuard;
import io.punctual.scheduler.internals.startup.RestoreLog;
import io.punctual.scheduler.internals.startup.SchemaProvisioner;
import io.punctual.scheduler.internals.startup.TopicProvisioner;
import io.punctual.scheduler.internals.topology.SchedulerTopology;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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

  /** Counter of the records replayed from changelogs into the stores since the start. */
  public static final String RESTORED_RECORDS = "punctual.state.restored.records";

  /** How often the changelogs' ends are recorded while the scheduler runs. */
  private static final Duration RECORD_ENDS_EVERY = Duration.ofSeconds(60);

  private final KafkaStreams streams;
  private final CompositeMeterRegistry meters;
  private final SchedulerActivity activity;
  private final Admin admin;
  private final LocalStateGuard guard;
  private final ScheduledExecutorService endsRecorder =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "punctual-changelog-ends");
            thread.setDaemon(true);
            return thread;
          });
  private final CountDownLatch running = new CountDownLatch(1);
  private final AtomicInteger threadFailures = new AtomicInteger();

  private PunctualScheduler(
      KafkaStreams streams,
      CompositeMeterRegistry meters,
      SchedulerActivity activity,
      Admin admin,
      LocalStateGuard guard) {
    this.streams = streams;
    this.meters = meters;
    this.activity = activity;
    this.admin = admin;
    this.guard = guard;
  }

  /**
   * Prepares the topics, wipes local state built against another cluster or topics, and starts the
   * scheduler.
   */
  public static PunctualScheduler start(SchedulerConfig config) {
    Admin admin = Admin.create(config.adminProperties());
    try {
      return start(config, admin);
    } catch (RuntimeException e) {
      admin.close(Duration.ofSeconds(LocalStateGuard.STOP_TIMEOUT_SECONDS));
      throw e;
    }
  }

  /** Starts the scheduler on an admin client it keeps until closed. */
  private static PunctualScheduler start(SchedulerConfig config, Admin admin) {
    int largestDeadLetter = new TopicProvisioner(admin, config).ensureTopics();
    SchemaProvisioner.registerOutputSchemas(config);
    boolean wipe =
        new LocalStateGuard(admin, config, LocalStateGuard.START_TIMEOUT_SECONDS).mustWipe();
    Properties properties = new Properties();
    properties.putAll(config.streamsProperties(largestDeadLetter));
    CompositeMeterRegistry meters = new CompositeMeterRegistry();
    SchedulerActivity activity = new SchedulerActivity(System::currentTimeMillis);
    KafkaStreams streams =
        new GuardedMetricsStreams(
            SchedulerTopology.build(
                config, meters, activity, destinations(config, admin), System::nanoTime),
            properties);
    PunctualScheduler scheduler =
        new PunctualScheduler(
            streams,
            meters,
            activity,
            admin,
            new LocalStateGuard(admin, config, LocalStateGuard.STOP_TIMEOUT_SECONDS));
    FunctionCounter.builder(THREAD_FAILURES, scheduler.threadFailures, AtomicInteger::get)
        .description("Stream threads that failed and were replaced")
        .register(meters);
    RestoreLog restores = new RestoreLog();
    FunctionCounter.builder(RESTORED_RECORDS, restores, RestoreLog::restoredRecords)
        .description("Records replayed from changelogs into the stores since the start")
        .register(meters);
    streams.setGlobalStateRestoreListener(restores);
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
    scheduler.endsRecorder.scheduleWithFixedDelay(
        scheduler.guard::recordChangelogEnds,
        RECORD_ENDS_EVERY.toMillis(),
        RECORD_ENDS_EVERY.toMillis(),
        TimeUnit.MILLISECONDS);
    return scheduler;
  }

  /** Where delayed records can go, asked of the cluster; absent ones created when configured. */
  private static Destinations destinations(SchedulerConfig config, Admin admin) {
    Optional<AdminDestinations.NewTopicSpec> create =
        config.delayCreateTopics()
            ? Optional.of(
                new AdminDestinations.NewTopicSpec(
                    config.getInt(SchedulerConfig.TOPICS_PARTITIONS_CONFIG),
                    config.getShort(SchedulerConfig.TOPICS_REPLICATION_FACTOR_CONFIG)))
            : Optional.empty();
    return new AdminDestinations(admin, create, System::currentTimeMillis);
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
   * backlog per partition; see {@link io.punctual.scheduler.internals.metrics.SchedulerMeters}):
   * add a registry to it to publish them.
   */
  public CompositeMeterRegistry meters() {
    return meters;
  }

  /** What this instance fired, and the outcomes it kept, per minute of the last hour. */
  public SchedulerActivity activity() {
    return activity;
  }

  /**
   * The underlying Kafka Streams instance, for state and metrics; its {@link
   * KafkaStreams#metrics()} leave out the store gauge that is not safe to read from another thread
   * ({@link GuardedMetricsStreams}).
   */
  public KafkaStreams streams() {
    return streams;
  }

  /**
   * Stops firing, commits what was fired and leaves the group, so that its partitions move to the
   * other instances at once rather than after the session timeout (their timers would fire that
   * much late); after a clean stop, records how far the changelogs reached, so that the next start
   * can tell whether they lost records since. (While it runs they are recorded every minute, for a
   * start after a crash.)
   */
  @Override
  public void close() {
    endsRecorder.shutdownNow();
    try {
      endsRecorder.awaitTermination(LocalStateGuard.STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      if (streams.close(
          CloseOptions.timeout(CLOSE_TIMEOUT)
              .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP))) {
        guard.recordChangelogEnds();
      }
    } finally {
      admin.close(Duration.ofSeconds(LocalStateGuard.STOP_TIMEOUT_SECONDS));
    }
  }
}

package io.punctual.reliability;

import io.punctual.scheduler.Topics;
import io.punctual.testkit.JavaProcess;
import io.punctual.testkit.PunctualProcesses;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The system under test, every part a process of its own: a KRaft broker, scheduler instances with
 * a standby replica of each task, executors, and the recording HTTP target.
 */
final class Cluster implements AutoCloseable {
  /** The recording target's log in the work directory ({@link TargetLog}). */
  static final String TARGET_LOG = "target-calls.tsv";

  private static final Pattern TARGET = Pattern.compile("TARGET (\\S+)");

  /**
   * How the cluster is set up.
   *
   * @param prefix the topic prefix and application id
   * @param partitions partitions of every topic
   * @param schedulers scheduler instances at the start
   * @param executors executor instances
   * @param lookaheadMs the schedulers' {@code punctual.lookahead.ms}
   * @param misfireThresholdMs the schedulers' {@code punctual.misfire.threshold.ms}
   * @param sessionTimeout consumer session timeout of schedulers and executors
   * @param guarantee the schedulers' {@code processing.guarantee}
   */
  record Settings(
      String prefix,
      int partitions,
      int schedulers,
      int executors,
      long lookaheadMs,
      long misfireThresholdMs,
      Duration sessionTimeout,
      String guarantee) {
    Topics topics() {
      return new Topics(prefix);
    }

    /** The topic the Kafka targets of the workload deliver to (outside the reserved prefix). */
    String deliveries() {
      return "deliveries." + prefix;
    }

    /**
     * The topic the delayed records of the workload are delivered to; its records carry the time
     * the broker appended them (LogAppendTime), against which the checker tells an early one.
     */
    String delayedDeliveries() {
      return "delayed-out." + prefix;
    }
  }

  private final Path dir;
  private final Settings settings;
  private final BrokerProcess broker;
  private final JavaProcess target;
  private final String targetUrl;
  private final List<Member> schedulers = new ArrayList<>();
  private final List<Member> executors = new ArrayList<>();
  private int schedulersNamed;

  private Cluster(
      Path dir, Settings settings, BrokerProcess broker, JavaProcess target, String url) {
    this.dir = dir;
    this.settings = settings;
    this.broker = broker;
    this.target = target;
    this.targetUrl = url;
  }

  /** Starts every part and waits until each is ready. */
  static Cluster start(Path dir, Settings settings) throws Exception {
    BrokerProcess broker = BrokerProcess.format(dir);
    broker.start();
    createTopics(broker.bootstrapServers(), settings);
    JavaProcess target =
        JavaProcess.start(
            "target",
            dir,
            "512m",
            TargetMain.class.getName(),
            List.of(dir.resolve(TARGET_LOG).toString()));
    String url = target.await(TARGET, Duration.ofSeconds(60));
    Cluster cluster = new Cluster(dir, settings, broker, target, url);
    for (int i = 0; i < settings.schedulers(); i++) {
      cluster.addScheduler();
    }
    for (int i = 1; i <= settings.executors(); i++) {
      Member executor = cluster.executor("executor-" + i);
      executor.start();
      cluster.executors.add(executor);
    }
    return cluster;
  }

  /**
   * Creates every topic, with one partition count; the timers topic is compacted, but not during
   * the run (the checker reads every version of every definition).
   */
  private static void createTopics(String bootstrap, Settings settings)
      throws InterruptedException, ExecutionException {
    Topics topics = settings.topics();
    List<NewTopic> all = new ArrayList<>();
    for (String name :
        List.of(
            topics.timers(),
            topics.triggers(),
            topics.status(),
            topics.commands(),
            topics.deadLetters(),
            topics.delayed(),
            settings.deliveries(),
            settings.delayedDeliveries())) {
      NewTopic topic = new NewTopic(name, settings.partitions(), (short) 1);
      if (name.equals(topics.timers())) {
        topic.configs(Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "604800000"));
      }
      if (name.equals(settings.delayedDeliveries()) || name.equals(settings.deliveries())) {
        // the broker's time of arrival, so that a record written early shows it
        topic.configs(Map.of("message.timestamp.type", "LogAppendTime"));
      }
      all.add(topic);
    }
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(all).all().get();
    }
  }

  /** Adds a scheduler instance, started and ready. */
  Member addScheduler() throws InterruptedException {
    Member scheduler = scheduler("scheduler-" + ++schedulersNamed);
    scheduler.start();
    schedulers.add(scheduler);
    return scheduler;
  }

  /** Removes a scheduler instance, stopped gracefully. */
  void removeScheduler(Member scheduler) {
    scheduler.stop();
    schedulers.remove(scheduler);
  }

  private Member scheduler(String name) {
    long session = settings.sessionTimeout().toMillis();
    PunctualProcesses.Scheduler setup =
        new PunctualProcesses.Scheduler(
                settings.prefix(), settings.partitions(), 1, dir.resolve(name + "-state"))
            .withLookahead(settings.lookaheadMs())
            .with("num.standby.replicas", "1")
            .with("processing.guarantee", settings.guarantee())
            .with("session.timeout.ms", Long.toString(session))
            .with("heartbeat.interval.ms", Long.toString(session / 4))
            .with("punctual.misfire.threshold.ms", Long.toString(settings.misfireThresholdMs()))
            .with("punctual.instance.id", name);
    return new Member(
        name,
        incarnation ->
            PunctualProcesses.scheduler(
                incarnation, dir, "512m", false, broker.bootstrapServers(), setup));
  }

  private Member executor(String name) {
    long session = settings.sessionTimeout().toMillis();
    Map<String, String> more =
        Map.of(
            "kafka.session.timeout.ms", Long.toString(session),
            "kafka.heartbeat.interval.ms", Long.toString(session / 4),
            "punctual.executor.instance-id", name);
    return new Member(
        name,
        incarnation ->
            PunctualProcesses.executor(
                incarnation,
                dir,
                "512m",
                false,
                broker.bootstrapServers(),
                settings.prefix(),
                more));
  }

  String bootstrapServers() {
    return broker.bootstrapServers();
  }

  BrokerProcess broker() {
    return broker;
  }

  /** The scheduler instances now in the cluster. */
  List<Member> schedulers() {
    return List.copyOf(schedulers);
  }

  List<Member> executors() {
    return List.copyOf(executors);
  }

  /** The base URL of the recording HTTP target. */
  String targetUrl() {
    return targetUrl;
  }

  /** The recording target's log ({@link TargetLog}). */
  Path targetLog() {
    return dir.resolve(TARGET_LOG);
  }

  Settings settings() {
    return settings;
  }

  /** Stops executors, schedulers, target and broker, in that order. */
  @Override
  public void close() {
    executors.forEach(Member::stop);
    schedulers.forEach(Member::stop);
    target.close();
    broker.close();
  }
}

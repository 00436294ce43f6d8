package io.punctual.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The processes of a run, each in a JVM of its own: the broker, and Punctual's scheduler and
 * executor as {@code bin/punctual} starts them.
 */
final class PunctualProcesses {
  private static final Pattern SCHEDULER_READY = Pattern.compile("(Punctual scheduler ready)");
  private static final Pattern EXECUTOR_READY =
      Pattern.compile("Punctual executor ready: instance \\S+, HTTP port (\\d+)");
  private static final String CLI = "io.punctual.cli.PunctualCli";
  private static final Pattern BROKER = Pattern.compile("BROKER (\\S+)");

  private PunctualProcesses() {}

  /** Starts a single-node KRaft broker ({@link BrokerMain}, heap 1 GiB). */
  static JavaProcess broker(Path dir) {
    return JavaProcess.start("broker", dir, "1g", BrokerMain.class.getName(), List.of());
  }

  /** The bootstrap address of a broker started by {@link #broker}, once it is up. */
  static String bootstrapOf(JavaProcess broker) throws InterruptedException {
    return broker.await(BROKER, Duration.ofSeconds(60));
  }

  /** How a scheduler instance is set up. */
  record Scheduler(
      String prefix,
      int partitions,
      int threads,
      long lookaheadMs,
      Path stateDir,
      Map<String, String> more) {
    Scheduler {
      more = Map.copyOf(more);
    }

    Scheduler(String prefix, int partitions, int threads, Path stateDir) {
      this(prefix, partitions, threads, 0, stateDir, Map.of());
    }

    Scheduler withLookahead(long ms) {
      return new Scheduler(prefix, partitions, threads, ms, stateDir, more);
    }

    Scheduler with(String key, String value) {
      Map<String, String> all = new java.util.HashMap<>(more);
      all.put(key, value);
      return new Scheduler(prefix, partitions, threads, lookaheadMs, stateDir, all);
    }
  }

  /**
   * Starts a scheduler instance (application id and topic prefix {@code prefix}, API on a free port
   * without auth) named {@code name}, and waits until it is ready.
   */
  static JavaProcess scheduler(
      String name, Path dir, String heap, boolean profile, String bootstrap, Scheduler setup)
      throws InterruptedException {
    List<String> args = new ArrayList<>();
    args.addAll(List.of("scheduler", "--bootstrap-servers", bootstrap, "--http-port", "0"));
    List<String> sets = new ArrayList<>();
    sets.add("application.id=" + setup.prefix());
    sets.add("punctual.topic.prefix=" + setup.prefix());
    sets.add("punctual.topics.partitions=" + setup.partitions());
    sets.add("num.stream.threads=" + setup.threads());
    sets.add("punctual.lookahead.ms=" + setup.lookaheadMs());
    sets.add("state.dir=" + setup.stateDir());
    setup.more().forEach((key, value) -> sets.add(key + "=" + value));
    for (String set : sets) {
      args.add("--set");
      args.add(set);
    }
    args.addAll(List.of("--api-set", "punctual.api.auth.enabled=false"));
    JavaProcess scheduler = JavaProcess.start(name, dir, heap, profile, CLI, args);
    scheduler.await(SCHEDULER_READY, Duration.ofSeconds(120));
    return scheduler;
  }

  /**
   * Starts an executor for the topics of {@code prefix} (loopback targets allowed, its HTTP port a
   * free one) and waits until it is ready.
   */
  static JavaProcess executor(String name, Path dir, String heap, String bootstrap, String prefix)
      throws InterruptedException {
    return executor(name, dir, heap, false, bootstrap, prefix);
  }

  /** The same, with a Java Flight Recording ({@code <dir>/<name>.jfr}) when {@code profile}. */
  static JavaProcess executor(
      String name, Path dir, String heap, boolean profile, String bootstrap, String prefix)
      throws InterruptedException {
    JavaProcess executor =
        JavaProcess.start(
            name,
            dir,
            heap,
            profile,
            CLI,
            List.of(
                "executor",
                "--bootstrap-servers",
                bootstrap,
                "--allow-loopback",
                "--http-port",
                "-1",
                "--set",
                "punctual.executor.topic-prefix=" + prefix,
                "--set",
                "punctual.executor.group-id=" + prefix + "-executor"));
    executor.await(EXECUTOR_READY, Duration.ofSeconds(120));
    return executor;
  }

  /** The Prometheus endpoint of an executor started by {@link #executor}. */
  static String executorMetrics(JavaProcess executor) throws InterruptedException {
    return "http://localhost:"
        + executor.await(EXECUTOR_READY, Duration.ofSeconds(5))
        + "/prometheus";
  }
}

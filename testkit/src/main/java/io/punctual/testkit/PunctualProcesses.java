package io.punctual.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Punctual's scheduler and executor, each in a JVM of its own as {@code bin/punctual} starts them
 * (the launcher's classes must be on this JVM's classpath), for the benchmarks and the fault
 * harness.
 */
public final class PunctualProcesses {
  private static final Pattern RESTORED =
      Pattern.compile("restored \\S+ partition \\d+: (\\d+) records");

  private static final Pattern SCHEDULER_READY = Pattern.compile("(Punctual scheduler ready)");
  private static final Pattern SCHEDULER_API =
      Pattern.compile("Punctual scheduler ready: API at (http://\\S+)");
  private static final Pattern EXECUTOR_READY =
      Pattern.compile("Punctual executor ready: instance \\S+, HTTP port (\\d+)");
  private static final String CLI = "io.punctual.cli.PunctualCli";

  private PunctualProcesses() {}

  /** How a scheduler instance is set up. */
  public record Scheduler(
      String prefix,
      int partitions,
      int threads,
      long lookaheadMs,
      Path stateDir,
      Map<String, String> more) {
    public Scheduler {
      more = Map.copyOf(more);
    }

    public Scheduler(String prefix, int partitions, int threads, Path stateDir) {
      this(prefix, partitions, threads, 0, stateDir, Map.of());
    }

    public Scheduler withLookahead(long ms) {
      return new Scheduler(prefix, partitions, threads, ms, stateDir, more);
    }

    public Scheduler with(String key, String value) {
      Map<String, String> all = new HashMap<>(more);
      all.put(key, value);
      return new Scheduler(prefix, partitions, threads, lookaheadMs, stateDir, all);
    }
  }

  /**
   * Starts a scheduler instance (application id and topic prefix {@code prefix}, API on a free port
   * without auth) named {@code name}, and waits until it is ready.
   */
  public static JavaProcess scheduler(
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
  public static JavaProcess executor(
      String name, Path dir, String heap, String bootstrap, String prefix)
      throws InterruptedException {
    return executor(name, dir, heap, false, bootstrap, prefix);
  }

  /** The same, with a Java Flight Recording ({@code <dir>/<name>.jfr}) when {@code profile}. */
  public static JavaProcess executor(
      String name, Path dir, String heap, boolean profile, String bootstrap, String prefix)
      throws InterruptedException {
    return executor(name, dir, heap, profile, bootstrap, prefix, Map.of());
  }

  /**
   * The same, with more executor settings ({@code --set KEY=VALUE}, e.g. {@code
   * kafka.session.timeout.ms}).
   */
  public static JavaProcess executor(
      String name,
      Path dir,
      String heap,
      boolean profile,
      String bootstrap,
      String prefix,
      Map<String, String> more)
      throws InterruptedException {
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "executor", "--bootstrap-servers", bootstrap, "--allow-loopback", "--http-port", "-1"));
    Map<String, String> sets = new LinkedHashMap<>();
    sets.put("punctual.executor.topic-prefix", prefix);
    sets.put("punctual.executor.group-id", prefix + "-executor");
    sets.putAll(more);
    sets.forEach(
        (key, value) -> {
          args.add("--set");
          args.add(key + "=" + value);
        });
    JavaProcess executor = JavaProcess.start(name, dir, heap, profile, CLI, args);
    executor.await(EXECUTOR_READY, Duration.ofSeconds(120));
    return executor;
  }

  /** The base address of the API of a scheduler started by {@link #scheduler}. */
  public static String schedulerApi(JavaProcess scheduler) throws InterruptedException {
    return scheduler.await(SCHEDULER_API, Duration.ofSeconds(5));
  }

  /** The Prometheus endpoint of the API of a scheduler started by {@link #scheduler}. */
  public static String schedulerMetrics(JavaProcess scheduler) throws InterruptedException {
    return scheduler.await(SCHEDULER_API, Duration.ofSeconds(5)) + "/prometheus";
  }

  /** The Prometheus endpoint of an executor started by {@link #executor}. */
  public static String executorMetrics(JavaProcess executor) throws InterruptedException {
    return "http://localhost:"
        + executor.await(EXECUTOR_READY, Duration.ofSeconds(5))
        + "/prometheus";
  }

  /**
   * The changelog records a scheduler process replayed into its stores so far, as its restore log
   * ({@code RestoreLog}) reports them: what its start had to rebuild.
   */
  public static long replayedRecords(JavaProcess scheduler) {
    return scheduler.lines().stream()
        .map(RESTORED::matcher)
        .filter(Matcher::find)
        .mapToLong(m -> Long.parseLong(m.group(1)))
        .sum();
  }
}

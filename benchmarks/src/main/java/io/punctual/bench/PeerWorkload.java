package io.punctual.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a peer's JVM does in scenario 6, passed on its command line as {@code key=value} arguments:
 * {@code tasks} one-shot tasks all due at one instant {@code lead} ms after loading starts, or
 * {@code tasks} recurring tasks due every {@code period} ms, {@code instants} times each, from the
 * first whole period at least {@code lead} ms after loading starts. Task ids are {@code t0, t1, …}.
 * A recurring workload with {@code warmUpGap} starts its tasks that much earlier, and their
 * executions before the first measured instant are not measured.
 */
record PeerWorkload(
    String jdbcUrl,
    boolean recurring,
    int tasks,
    long leadMs,
    long periodMs,
    int instants,
    long graceMs,
    int warmUpTasks,
    long warmUpGapMs) {

  /** How long a one-shot burst may go without an execution before the peer stops waiting. */
  private static final long ONE_SHOT_IDLE_MS = 30_000;

  /**
   * A workload before its database and lead are known; {@code periodMs} 0 for one-shot, which may
   * be preceded by a warm-up burst of {@code warmUpTasks} due {@code warmUpGap} earlier. A
   * recurring one runs {@code warmUpGap} (whole periods) before its measured instants.
   */
  record Spec(
      String name, int tasks, long periodMs, int instants, int warmUpTasks, Duration warmUpGap) {
    /** A workload without a warm-up. */
    Spec(String name, int tasks, long periodMs, int instants) {
      this(name, tasks, periodMs, instants, 0, Duration.ZERO);
    }

    PeerWorkload workload(String jdbcUrl, Duration lead, Duration grace) {
      boolean recurring = periodMs > 0;
      return new PeerWorkload(
          jdbcUrl,
          recurring,
          tasks,
          lead.toMillis(),
          periodMs,
          instants,
          recurring ? grace.toMillis() : ONE_SHOT_IDLE_MS,
          warmUpTasks,
          warmUp().toMillis());
    }

    /** How long before the first measured instant the first execution is due. */
    Duration warmUp() {
      return warmUpTasks == 0 && periodMs == 0 ? Duration.ZERO : warmUpGap;
    }
  }

  List<String> toArgs() {
    return List.of(
        "jdbcUrl=" + jdbcUrl,
        "recurring=" + recurring,
        "tasks=" + tasks,
        "lead=" + leadMs,
        "period=" + periodMs,
        "instants=" + instants,
        "grace=" + graceMs,
        "warmUpTasks=" + warmUpTasks,
        "warmUpGap=" + warmUpGapMs);
  }

  static PeerWorkload parse(String[] args) {
    Map<String, String> values = new HashMap<>();
    for (String arg : args) {
      int equals = arg.indexOf('=');
      values.put(arg.substring(0, equals), arg.substring(equals + 1));
    }
    return new PeerWorkload(
        values.get("jdbcUrl"),
        Boolean.parseBoolean(values.get("recurring")),
        Integer.parseInt(values.get("tasks")),
        Long.parseLong(values.get("lead")),
        Long.parseLong(values.get("period")),
        Integer.parseInt(values.get("instants")),
        Long.parseLong(values.get("grace")),
        Integer.parseInt(values.get("warmUpTasks")),
        Long.parseLong(values.get("warmUpGap")));
  }

  /**
   * When the warm-up burst is due (epoch ms), before the measured tasks due at {@code firstDue}:
   * its tasks are {@code t<tasks>} on, and their executions are not measured.
   */
  long warmUpDue(long firstDue) {
    return firstDue - warmUpGapMs;
  }

  /** The first measured due instant (epoch ms) for loading that starts at {@code loadStartMs}. */
  long firstDue(long loadStartMs) {
    long earliest = loadStartMs + leadMs;
    return recurring ? ceil(earliest, periodMs) : earliest;
  }

  /** The instants of a recurring task before the measured ones (its warm-up). */
  int warmUpInstants() {
    return recurring ? (int) (warmUpGapMs / periodMs) : 0;
  }

  /**
   * When a task's first execution is due (epoch ms): a recurring task's warm-up's first instant,
   * else {@code firstDue}.
   */
  long start(long firstDue) {
    return firstDue - warmUpInstants() * periodMs;
  }

  /** The end (exclusive) of the scheduled instants measured. */
  long windowEnd(long firstDue) {
    return recurring ? firstDue + periodMs * instants : Long.MAX_VALUE;
  }

  /** Executions the workload asks for. */
  long expected() {
    return (long) tasks * instants;
  }

  /** The id of task {@code i}. */
  static String id(int i) {
    return "t" + i;
  }

  /** The index of the task whose id is {@code id}. */
  static int index(String id) {
    return Integer.parseInt(id, 1, id.length(), 10);
  }

  private static long ceil(long value, long step) {
    return (value + step - 1) / step * step;
  }
}

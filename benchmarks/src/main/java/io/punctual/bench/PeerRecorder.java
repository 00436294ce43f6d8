package io.punctual.bench;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The no-op task of a peer: records, for each execution, the task, its scheduled instant and the
 * wall clock at which it started, and sums them up once the scheduler has stopped. Executions
 * scheduled before the first due instant (a warm-up) or at or after the workload's window are not
 * recorded.
 */
final class PeerRecorder {
  private final long firstDue;
  private final long windowEnd;
  private final long expected;
  private final int[] ids;
  private final long[] scheduledMs;
  private final long[] startedMs;
  private final AtomicInteger next = new AtomicInteger();

  PeerRecorder(PeerWorkload workload, long firstDue) {
    this.firstDue = firstDue;
    this.windowEnd = workload.windowEnd(firstDue);
    this.expected = workload.expected();
    int capacity = (int) Math.min(Integer.MAX_VALUE - 8, expected + expected / 10 + 1_000);
    this.ids = new int[capacity];
    this.scheduledMs = new long[capacity];
    this.startedMs = new long[capacity];
  }

  /** One execution of task {@code id} scheduled at {@code scheduled} (epoch ms), starting now. */
  void record(int id, long scheduled) {
    long started = System.currentTimeMillis();
    if (scheduled < firstDue || scheduled >= windowEnd) {
      return;
    }
    int i = next.getAndIncrement();
    if (i < ids.length) {
      ids[i] = id;
      scheduledMs[i] = scheduled;
      startedMs[i] = started;
    }
  }

  /**
   * Waits until every expected execution was recorded, or none for {@code idleMs} once {@code
   * busySince} has passed, or {@code deadline} (epoch ms).
   */
  void await(long busySince, long idleMs, long deadline) throws InterruptedException {
    int seen = -1;
    long quietSince = Math.max(System.currentTimeMillis(), busySince);
    while (next.get() < expected && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
      long now = System.currentTimeMillis();
      int recorded = next.get();
      if (recorded != seen || now < busySince) {
        seen = recorded;
        quietSince = Math.max(now, busySince);
      } else if (now - quietSince >= idleMs) {
        return;
      }
    }
  }

  /** What was recorded; call once the scheduler has stopped. */
  Summary summary(double loadRate, boolean loadOverran) {
    int n = Math.min(next.get(), ids.length);
    long base = Long.MAX_VALUE;
    for (int i = 0; i < n; i++) {
      base = Math.min(base, scheduledMs[i]);
    }
    long[] keys = new long[n];
    long[] lateness = new long[n];
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    long early = 0;
    for (int i = 0; i < n; i++) {
      keys[i] = ((long) ids[i] << 32) | ((scheduledMs[i] - base) & 0xffff_ffffL);
      lateness[i] = startedMs[i] - scheduledMs[i];
      early += lateness[i] < 0 ? 1 : 0;
      first = Math.min(first, startedMs[i]);
      last = Math.max(last, startedMs[i]);
    }
    Arrays.sort(keys);
    long duplicates = 0;
    for (int i = 1; i < n; i++) {
      duplicates += keys[i] == keys[i - 1] ? 1 : 0;
    }
    Arrays.sort(lateness);
    double rate = n == 0 ? 0 : n * 1000.0 / Math.max(1, last - first);
    return new Summary(
        n - duplicates,
        expected,
        duplicates,
        early,
        rate,
        quantile(lateness, 0.5),
        quantile(lateness, 0.99),
        quantile(lateness, 1.0),
        loadRate,
        loadOverran);
  }

  private static long quantile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return -1;
    }
    int index = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
    return sorted[Math.max(0, index)];
  }

  /**
   * A peer's figures: executions (distinct task and instant), those expected, duplicates, early
   * ones, executions per second between the first and the last start, lateness quantiles (start −
   * scheduled, ms), the loading time, and whether loading ran past the first due instant.
   */
  record Summary(
      long executed,
      long expected,
      long duplicates,
      long early,
      double rate,
      long p50,
      long p99,
      long max,
      double loadRate,
      boolean loadOverran) {
    private static final String PREFIX = "PEER ";

    /** The line the peer prints and the driver parses. */
    String line() {
      return String.format(
          Locale.ROOT,
          "%sexecuted=%d expected=%d duplicates=%d early=%d rate=%.1f p50=%d p99=%d max=%d"
              + " loadRate=%.1f loadOverran=%b",
          PREFIX,
          executed,
          expected,
          duplicates,
          early,
          rate,
          p50,
          p99,
          max,
          loadRate,
          loadOverran);
    }

    static Summary parse(String line) {
      Map<String, String> values = new HashMap<>();
      for (String pair : line.substring(line.indexOf(PREFIX) + PREFIX.length()).split(" ")) {
        String[] kv = pair.split("=", 2);
        values.put(kv[0], kv[1]);
      }
      return new Summary(
          Long.parseLong(values.get("executed")),
          Long.parseLong(values.get("expected")),
          Long.parseLong(values.get("duplicates")),
          Long.parseLong(values.get("early")),
          Double.parseDouble(values.get("rate")),
          Long.parseLong(values.get("p50")),
          Long.parseLong(values.get("p99")),
          Long.parseLong(values.get("max")),
          Double.parseDouble(values.get("loadRate")),
          Boolean.parseBoolean(values.get("loadOverran")));
    }
  }
}

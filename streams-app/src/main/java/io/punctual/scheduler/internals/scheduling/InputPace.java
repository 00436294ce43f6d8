package io.punctual.scheduler.internals.scheduling;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.processor.TaskId;

/**
 * How one stream thread shares its time between firing and input while both are behind. Used by
 * that thread alone (see {@link InputPaces}).
 *
 * <p>Kafka Streams runs the punctuations and the input of a thread's tasks on the thread. After a
 * poll it processes what it fetched before it polls again, and after any punctuation it halves the
 * records it processes per task before looking at the punctuators again. When every task fires for
 * its whole budget at every run, input gets about one record per task per round, and the next poll
 * (which brings the definitions, deletes and commands produced meanwhile) waits for minutes.
 *
 * <p>So a task whose run its budget cut short rests before it fires again while input lags (a
 * record processed more than the lag threshold after its timestamp, within the last {@link
 * #HOLD_NANOS}), at most long enough that firing takes its share of the thread: with {@code n}
 * tasks of the thread behind in firing, each rests {@code n / share - 1} times what it fired. The
 * share is the configured one while input lags: definitions, commands, executors' outcomes. While
 * only the scheduler's own events lag (the echo of its firings, for the history), it is {@link
 * #ECHO_FIRING_SHARE}: enough for each poll's records to be processed soon, so that the next poll,
 * which brings the input produced meanwhile, comes soon, without handing the thread to bookkeeping.
 * A rest ends as soon as nothing lags. While input keeps up, or firing does, no task rests.
 */
public final class InputPace {
  /**
   * How long one record behind keeps input counted behind: longer than a round of the thread's
   * punctuations, so that input processed one record a round still counts.
   */
  static final long HOLD_NANOS = 1_000_000_000L;

  /** How long one run its budget cut short keeps a task counted behind in firing. */
  static final long TASK_HOLD_NANOS = 2_000_000_000L;

  /** The share of the thread firing may take while only the scheduler's own events lag. */
  static final double ECHO_FIRING_SHARE = 0.95;

  private final long lagMs;
  private final double firingShare;
  private final LongSupplier nanoTime;
  private final Map<TaskId, Long> firingBehind = new HashMap<>();
  private final Lag input = new Lag();
  private final Lag echo = new Lag();

  /**
   * @param lagMs input processed later than this after its record's timestamp is behind
   * @param firingShare the share of the thread firing may take while input lags, (0, 1]
   * @param nanoTime a monotonic clock in nanoseconds
   */
  InputPace(long lagMs, double firingShare, LongSupplier nanoTime) {
    this.lagMs = lagMs;
    this.firingShare = firingShare;
    this.nanoTime = nanoTime;
  }

  /**
   * Notes input (a definition, a command, an executor's outcome) processed at {@code nowMs},
   * stamped or happened at {@code timestampMs}.
   */
  public void input(long timestampMs, long nowMs) {
    input.note(timestampMs, nowMs);
  }

  /**
   * Notes an event this scheduler instance published, which happened at {@code atMs}, processed at
   * {@code nowMs}.
   */
  public void echo(long atMs, long nowMs) {
    echo.note(atMs, nowMs);
  }

  /** Notes a run of {@code task} that ended at {@code nowNanos}, cut short by its budget or not. */
  void ran(TaskId task, boolean cutShort, long nowNanos) {
    if (cutShort) {
      firingBehind.put(task, nowNanos);
    } else {
      firingBehind.remove(task);
    }
  }

  /**
   * How long a task whose last run its budget cut short after {@code firedNanos} rests from the end
   * of that run, as things stand at {@code nowNanos}: 0 unless something lags.
   */
  long rest(long firedNanos, long nowNanos) {
    double share =
        input.behind(nowNanos)
            ? firingShare
            : echo.behind(nowNanos) ? Math.max(firingShare, ECHO_FIRING_SHARE) : 1.0;
    if (share >= 1.0) {
      return 0;
    }
    for (Iterator<Long> since = firingBehind.values().iterator(); since.hasNext(); ) {
      if (nowNanos - since.next() >= TASK_HOLD_NANOS) {
        since.remove();
      }
    }
    return (long) (firedNanos * (Math.max(1, firingBehind.size()) / share - 1));
  }

  /** When records of one kind last lagged. */
  private final class Lag {
    private boolean seen;
    private long until;

    void note(long timestampMs, long nowMs) {
      if (nowMs - timestampMs > lagMs) {
        seen = true;
        until = nanoTime.getAsLong() + HOLD_NANOS;
      }
    }

    boolean behind(long nowNanos) {
      return seen && nowNanos - until < 0;
    }
  }
}

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
 * (which brings the definitions, deletes and commands produced meanwhile) waits for minutes. So
 * while input is behind (a record was processed more than the lag threshold after its timestamp,
 * within the last {@link #INPUT_HOLD_NANOS}), a task whose punctuation its budget cut short rests
 * before it fires again, at most long enough that firing takes its share of the thread: with {@code
 * n} tasks of the thread behind in firing, each rests {@code n / share - 1} times what it fired. A
 * rest ends early once input has caught up. While input keeps up, or firing does, no task rests.
 */
public final class InputPace {
  /** How long one record behind keeps input counted behind. */
  static final long INPUT_HOLD_NANOS = 200_000_000L;

  /** How long one run its budget cut short keeps a task counted behind in firing. */
  static final long TASK_HOLD_NANOS = 2_000_000_000L;

  private final long lagMs;
  private final double firingShare;
  private final LongSupplier nanoTime;
  private final Map<TaskId, Long> firingBehind = new HashMap<>();
  private long inputBehindUntil;
  private boolean inputSeenBehind;

  /**
   * @param lagMs input processed later than this after its record's timestamp is behind
   * @param firingShare the share of the thread firing may take while input is behind, (0, 1]
   * @param nanoTime a monotonic clock in nanoseconds
   */
  InputPace(long lagMs, double firingShare, LongSupplier nanoTime) {
    this.lagMs = lagMs;
    this.firingShare = firingShare;
    this.nanoTime = nanoTime;
  }

  /** Notes a record of input processed at {@code nowMs}, stamped {@code timestampMs}. */
  public void input(long timestampMs, long nowMs) {
    if (nowMs - timestampMs > lagMs) {
      inputSeenBehind = true;
      inputBehindUntil = nanoTime.getAsLong() + INPUT_HOLD_NANOS;
    }
  }

  /**
   * Whether input has been behind within the last {@link #INPUT_HOLD_NANOS}: a resting task fires
   * again as soon as it is not.
   */
  boolean inputBehind(long nowNanos) {
    return inputSeenBehind && nowNanos - inputBehindUntil < 0;
  }

  /**
   * Notes a punctuation of {@code task} that fired for {@code firedNanos}, ending at {@code
   * nowNanos}, and returns how long the task rests before it fires again: 0 unless its budget cut
   * it short while input is behind.
   */
  long rest(TaskId task, long firedNanos, boolean cutShort, long nowNanos) {
    if (!cutShort) {
      firingBehind.remove(task);
      return 0;
    }
    firingBehind.put(task, nowNanos);
    if (!inputBehind(nowNanos) || firingShare >= 1.0) {
      return 0;
    }
    for (Iterator<Long> since = firingBehind.values().iterator(); since.hasNext(); ) {
      if (nowNanos - since.next() >= TASK_HOLD_NANOS) {
        since.remove();
      }
    }
    return (long) (firedNanos * (firingBehind.size() / firingShare - 1));
  }
}

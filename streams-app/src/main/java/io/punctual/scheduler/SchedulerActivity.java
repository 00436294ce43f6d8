package io.punctual.scheduler;

import io.punctual.StatusEvent;
import io.punctual.StatusType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * What this instance's tasks did in each of the last {@value #MINUTES} minutes, per namespace:
 * first attempts fired, failures ({@code FAILED}, {@code TIMED_OUT}), dead letters ({@code
 * DEAD_LETTERED}, {@code REJECTED}) and the lateness of first attempts (from the outcome of each,
 * as its executor measured it), counted as the status events are kept in the timers' history. Kept
 * in memory only: an instance that restarts starts an empty hour, and a task reprocessed after an
 * aborted transaction counts its firings again. The sum over the instances is the cluster's.
 *
 * <p>Each minute tracks at most {@value #MAX_NAMESPACES} namespaces; the events of any further
 * namespace are counted under {@link #OTHER_NAMESPACES}, which only a caller that sees every
 * namespace is shown, so that producers inventing namespaces cannot grow this without bound.
 */
public final class SchedulerActivity {
  public static final int MINUTES = 60;
  public static final int MAX_NAMESPACES = 500;

  /** Where events of namespaces past {@link #MAX_NAMESPACES} in a minute are counted. */
  public static final String OTHER_NAMESPACES = "\u0000other";

  /**
   * Upper bounds, in milliseconds, of the lateness buckets; the last bucket holds everything later
   * than the last bound.
   */
  public static final long[] LATENESS_BOUNDS_MS = {
    0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000, 300_000,
    1_800_000
  };

  private static final long MINUTE_MS = 60_000;

  private final LongSupplier clock;
  private final Minute[] minutes = new Minute[MINUTES];

  /** An activity log reading the time from {@code clock} (epoch milliseconds). */
  public SchedulerActivity(LongSupplier clock) {
    this.clock = clock;
  }

  /** Counts the first attempt of an invocation of a timer of {@code namespace}. */
  public synchronized void fired(String namespace) {
    counts(namespace).firings++;
  }

  /** Counts a status event as it is kept in its timer's history. */
  public synchronized void kept(StatusEvent event) {
    StatusType type = event.getType();
    boolean failure = type == StatusType.FAILED || type == StatusType.TIMED_OUT;
    boolean deadLetter = type == StatusType.DEAD_LETTERED || type == StatusType.REJECTED;
    boolean firstOutcome =
        (failure || type == StatusType.SUCCEEDED)
            && event.getLatenessMillis() != null
            && (event.getAttempt() == null || event.getAttempt() == 1);
    if (!failure && !deadLetter && !firstOutcome) {
      return;
    }
    Counts counts = counts(event.getNamespace());
    if (failure) {
      counts.failures++;
    }
    if (deadLetter) {
      counts.deadLetters++;
    }
    if (firstOutcome) {
      counts.lateness[bucket(event.getLatenessMillis())]++;
    }
  }

  /**
   * The last {@value #MINUTES} minutes, oldest first, each the sum over the namespaces {@code
   * visible} accepts ({@link #OTHER_NAMESPACES} included, for a caller that sees all).
   */
  public synchronized List<MinuteActivity> lastHour(Predicate<String> visible) {
    long current = clock.getAsLong() / MINUTE_MS;
    List<MinuteActivity> hour = new ArrayList<>(MINUTES);
    for (long minute = current - MINUTES + 1; minute <= current; minute++) {
      Minute slot = minutes[(int) Math.floorMod(minute, (long) MINUTES)];
      Counts sum = new Counts();
      if (slot != null && slot.epochMinute == minute) {
        slot.namespaces.forEach(
            (namespace, counts) -> {
              if (visible.test(namespace)) {
                sum.add(counts);
              }
            });
      }
      hour.add(
          new MinuteActivity(
              minute * MINUTE_MS, sum.firings, sum.failures, sum.deadLetters, sum.lateness));
    }
    return hour;
  }

  /**
   * Whether a minute of the last hour had more namespaces than are tracked: some namespaces'
   * figures are then only in {@link #OTHER_NAMESPACES}.
   */
  public synchronized boolean overflowed() {
    long current = clock.getAsLong() / MINUTE_MS;
    for (Minute slot : minutes) {
      if (slot != null
          && slot.epochMinute > current - MINUTES
          && slot.namespaces.containsKey(OTHER_NAMESPACES)) {
        return true;
      }
    }
    return false;
  }

  /** The bucket of {@link #LATENESS_BOUNDS_MS} that holds {@code millis}. */
  static int bucket(long millis) {
    for (int i = 0; i < LATENESS_BOUNDS_MS.length; i++) {
      if (millis <= LATENESS_BOUNDS_MS[i]) {
        return i;
      }
    }
    return LATENESS_BOUNDS_MS.length;
  }

  private Counts counts(String namespace) {
    long minute = clock.getAsLong() / MINUTE_MS;
    int index = (int) Math.floorMod(minute, (long) MINUTES);
    Minute slot = minutes[index];
    if (slot == null || slot.epochMinute != minute) {
      slot = new Minute(minute);
      minutes[index] = slot;
    }
    String key = namespace == null ? "" : namespace;
    Counts counts = slot.namespaces.get(key);
    if (counts == null) {
      if (slot.namespaces.size() >= MAX_NAMESPACES) {
        key = OTHER_NAMESPACES;
        counts = slot.namespaces.get(key);
      }
      if (counts == null) {
        counts = new Counts();
        slot.namespaces.put(key, counts);
      }
    }
    return counts;
  }

  /**
   * One minute of activity.
   *
   * @param startMillis the minute's first instant, epoch milliseconds
   * @param firings first attempts fired
   * @param failures attempts that failed or timed out
   * @param deadLetters invocations dead-lettered and definitions or commands rejected
   * @param lateness first attempts counted per bucket of {@link #LATENESS_BOUNDS_MS}, one more for
   *     later than the last bound
   */
  public record MinuteActivity(
      long startMillis, long firings, long failures, long deadLetters, long[] lateness) {}

  private static final class Minute {
    private final long epochMinute;
    private final Map<String, Counts> namespaces = new HashMap<>();

    private Minute(long epochMinute) {
      this.epochMinute = epochMinute;
    }
  }

  private static final class Counts {
    private long firings;
    private long failures;
    private long deadLetters;
    private final long[] lateness = new long[LATENESS_BOUNDS_MS.length + 1];

    private void add(Counts other) {
      firings += other.firings;
      failures += other.failures;
      deadLetters += other.deadLetters;
      for (int i = 0; i < lateness.length; i++) {
        lateness[i] += other.lateness[i];
      }
    }
  }
}

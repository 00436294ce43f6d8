package io.punctual.executor.internal.consume;

import io.punctual.executor.internal.engine.TriggerPartition;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The offsets of one assigned partition that are unfinished. Invocations finish out of order, so
 * the offset to commit is the lowest unfinished one, or one past the highest seen when none is
 * unfinished: everything below it has its outcome acknowledged by Kafka. A tracker lives as long as
 * one assignment of its partition; a completion that arrives after revocation goes to a detached
 * tracker and commits nothing.
 *
 * <p>Offsets finished past the committed one go with the commit, as its metadata ({@code done1:}
 * and ranges relative to the committed offset, such as {@code done1:1-5,8}), so that the
 * partition's next owner, told them by {@link #resume}, does not perform them again: a trigger held
 * for its instant, dropped at a revocation, would otherwise make the next owner repeat every action
 * performed after it. The ranges stop before {@link #METADATA_LIMIT} characters; what does not fit
 * is performed again by the next owner (same idempotency key), as without metadata.
 */
public final class OffsetTracker implements TriggerPartition {
  /** Longest metadata written: below the broker's default {@code offset.metadata.max.bytes}. */
  static final int METADATA_LIMIT = 3_000;

  private static final String FORMAT = "done1:";

  private final TreeSet<Long> unfinished = new TreeSet<>();
  private final TreeMap<Long, Long> finishedBefore = new TreeMap<>();
  private long next = -1;
  private Commit requested;

  /** An offset to commit, with the offsets finished past it in its metadata. */
  public record Commit(long offset, String metadata) {}

  /** Records a consumed offset as unfinished. */
  public synchronized void add(long offset) {
    unfinished.add(offset);
    next = Math.max(next, offset + 1);
  }

  /** Records an offset as finished. */
  @Override
  public synchronized void done(long offset) {
    unfinished.remove(offset);
  }

  /**
   * Takes the partition's committed offset and metadata, as its previous owner left them; returns
   * how many offsets past it that owner had finished (0 for metadata not written by a tracker).
   */
  public synchronized long resume(long committed, String metadata) {
    finishedBefore.clear();
    if (metadata == null || !metadata.startsWith(FORMAT) || metadata.length() == FORMAT.length()) {
      return 0;
    }
    TreeMap<Long, Long> ranges = new TreeMap<>();
    long count = 0;
    try {
      for (String range : metadata.substring(FORMAT.length()).split(",", -1)) {
        int dash = range.indexOf('-');
        long first = Long.parseLong(dash < 0 ? range : range.substring(0, dash));
        long last = dash < 0 ? first : Long.parseLong(range.substring(dash + 1));
        if (first < 0 || last < first) {
          return 0;
        }
        ranges.put(Math.addExact(committed, first), Math.addExact(committed, last));
        count += last - first + 1;
      }
    } catch (NumberFormatException | ArithmeticException e) {
      return 0;
    }
    finishedBefore.putAll(ranges);
    return count;
  }

  /**
   * Whether the partition's previous owner finished this offset (see {@link #resume}): it is then
   * recorded as finished here too, and is not to be performed.
   */
  public synchronized boolean finishedBefore(long offset) {
    Map.Entry<Long, Long> range = finishedBefore.floorEntry(offset);
    if (range == null || offset > range.getValue()) {
      return false;
    }
    next = Math.max(next, offset + 1);
    return true;
  }

  /** The commit to request, when it differs from the last one requested (or always, if forced). */
  public synchronized Optional<Commit> committable(boolean force) {
    if (next < 0) {
      return Optional.empty();
    }
    long offset = unfinished.isEmpty() ? next : unfinished.first();
    Commit commit = new Commit(offset, metadata(offset));
    return !force && commit.equals(requested) ? Optional.empty() : Optional.of(commit);
  }

  /**
   * The finished ranges past the offset to commit: those between unfinished offsets below {@link
   * #next}, then those the previous owner had finished that this one has not consumed yet.
   */
  private String metadata(long base) {
    StringBuilder text = new StringBuilder(FORMAT);
    Iterator<Long> offsets = unfinished.iterator();
    long previous = offsets.hasNext() ? offsets.next() : next;
    while (previous + 1 < next) {
      long following = offsets.hasNext() ? offsets.next() : next;
      if (following > previous + 1 && !append(text, previous + 1 - base, following - 1 - base)) {
        return text.toString();
      }
      previous = following;
    }
    for (Map.Entry<Long, Long> range : finishedBefore.entrySet()) {
      if (range.getValue() >= next
          && !append(text, Math.max(range.getKey(), next) - base, range.getValue() - base)) {
        break;
      }
    }
    return text.length() == FORMAT.length() ? "" : text.toString();
  }

  /** Appends a range of relative offsets, unless that would pass {@link #METADATA_LIMIT}. */
  private static boolean append(StringBuilder text, long first, long last) {
    String range = first == last ? Long.toString(first) : first + "-" + last;
    if (text.length() + range.length() + 1 > METADATA_LIMIT) {
      return false;
    }
    if (text.length() > FORMAT.length()) {
      text.append(',');
    }
    text.append(range);
    return true;
  }

  /** Notes that a commit was requested. */
  public synchronized void requested(Commit commit) {
    requested = Objects.requireNonNull(commit);
  }

  /** Notes that a commit request failed, so the next {@link #committable} asks again. */
  public synchronized void failed() {
    requested = null;
  }

  /** How many offsets are unfinished. */
  public synchronized int unfinishedCount() {
    return unfinished.size();
  }
}

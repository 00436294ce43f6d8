package io.punctual.executor.internal;

import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * The offsets of one assigned partition that are unfinished. Invocations finish out of order, so
 * the offset to commit is the lowest unfinished one, or one past the highest seen when none is
 * unfinished: everything below it has its outcome acknowledged by Kafka. A tracker lives as long as
 * one assignment of its partition; a completion that arrives after revocation goes to a detached
 * tracker and commits nothing.
 */
public final class OffsetTracker {
  private final TreeSet<Long> unfinished = new TreeSet<>();
  private long next = -1;
  private long requested = -1;

  /** Records a consumed offset as unfinished. */
  public synchronized void add(long offset) {
    unfinished.add(offset);
    next = Math.max(next, offset + 1);
  }

  /** Records an offset as finished. */
  public synchronized void done(long offset) {
    unfinished.remove(offset);
  }

  /** The offset to commit, when it moved since the last commit request. */
  public synchronized OptionalLong committable() {
    long offset = unfinished.isEmpty() ? next : unfinished.first();
    return offset < 0 || offset == requested ? OptionalLong.empty() : OptionalLong.of(offset);
  }

  /** Notes that a commit of the offset was requested. */
  public synchronized void requested(long offset) {
    requested = offset;
  }

  /** Notes that a commit request failed, so the next {@link #committable()} asks again. */
  public synchronized void failed() {
    requested = -1;
  }

  /** How many offsets are unfinished. */
  public synchronized int unfinishedCount() {
    return unfinished.size();
  }
}

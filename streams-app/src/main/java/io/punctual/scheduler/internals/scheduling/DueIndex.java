package io.punctual.scheduler.internals.scheduling;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The due index: one entry per pending firing, keyed by big-endian {@code (dueEpochMillis,
 * timerId)} so that a range scan from zero yields what is due, in due order, without reading
 * anything that is not due.
 *
 * <p>A timer's regular next firing is keyed {@code dueEpochMillis | timerId} with a one-byte marker
 * as value. A retry sent back by the executor is keyed {@code dueEpochMillis | timerId | 0x00 |
 * invocationId}, its value the attempt number (big-endian int), followed, for an attempt held back
 * past its instant, by that instant (big-endian long): timer ids contain no control character, so
 * the two kinds never collide, and a timer's retries never disturb its regular firing.
 *
 * <p>Entries are deleted as {@code put(key, null)}: Kafka Streams' {@code delete} reads the old
 * value first, a RocksDB read per firing that nothing here needs.
 *
 * <p>Firing deletes entries from the front of the index, and a range scan from zero would step over
 * every tombstone left since the last compaction. The index therefore keeps a floor: a key below
 * which nothing is indexed, raised past what {@link #takeDueUpTo} took and lowered by every put.
 * The processors of one task share the floor ({@link DueIndexes}), so that every put through them
 * lowers it; {@link #resetFloor} forgets it when the task (re)starts, as the store may then have
 * been restored from its changelog behind the index's back.
 */
public final class DueIndex {
  private static final byte[] PRESENT = {0};
  private static final byte SEPARATOR = 0;
  private static final Bytes FROM = Bytes.wrap(new byte[Long.BYTES]);

  private final KeyValueStore<Bytes, byte[]> store;
  private final Floor floor;

  /** An index with a floor of its own. */
  public DueIndex(KeyValueStore<Bytes, byte[]> store) {
    this(store, new Floor());
  }

  /** An index whose floor is shared with the other processors of its task. */
  DueIndex(KeyValueStore<Bytes, byte[]> store, Floor floor) {
    this.store = store;
    this.floor = floor;
  }

  /** A key below which the index holds nothing. */
  static final class Floor {
    private Bytes key = FROM;

    /** Forgets the floor: the next scan starts from zero. */
    void reset() {
      key = FROM;
    }
  }

  /** Forgets the floor: the next scan starts from zero. */
  void resetFloor() {
    floor.reset();
  }

  /**
   * One pending firing: a timer's regular one ({@code invocationId} null), or a retry of an
   * invocation at {@code attempt}. {@code scheduledAt} is the instant the attempt is for: its due
   * instant, unless the attempt was held back past it (a Kafka target's topic not known yet).
   */
  public record Entry(
      long due, String timerId, String invocationId, int attempt, long scheduledAt) {
    /** An entry for its due instant. */
    public Entry(long due, String timerId, String invocationId, int attempt) {
      this(due, timerId, invocationId, attempt, due);
    }

    /** Whether this is a retry of an invocation rather than the timer's regular firing. */
    public boolean retry() {
      return invocationId != null;
    }
  }

  public void put(long due, String timerId) {
    Bytes key = key(due, timerId);
    lowerFloor(key);
    store.put(key, PRESENT);
  }

  public void delete(long due, String timerId) {
    store.put(key(due, timerId), null);
  }

  /** Indexes a retry: attempt {@code attempt} of {@code invocationId}, due at {@code due}. */
  public void putRetry(long due, String timerId, String invocationId, int attempt) {
    Bytes key = retryKey(due, timerId, invocationId);
    lowerFloor(key);
    store.put(key, ByteBuffer.allocate(Integer.BYTES).putInt(attempt).array());
  }

  /**
   * Indexes attempt {@code attempt} of {@code invocationId}, for instant {@code scheduledAt}, held
   * back until {@code due}.
   */
  public void putHeld(
      long due, String timerId, String invocationId, int attempt, long scheduledAt) {
    Bytes key = retryKey(due, timerId, invocationId);
    lowerFloor(key);
    store.put(
        key,
        ByteBuffer.allocate(Integer.BYTES + Long.BYTES)
            .putInt(attempt)
            .putLong(scheduledAt)
            .array());
  }

  /** Puts back an entry taken. */
  void putBack(Entry entry) {
    if (!entry.retry()) {
      put(entry.due(), entry.timerId());
    } else if (entry.scheduledAt() == entry.due()) {
      putRetry(entry.due(), entry.timerId(), entry.invocationId(), entry.attempt());
    } else {
      putHeld(
          entry.due(), entry.timerId(), entry.invocationId(), entry.attempt(), entry.scheduledAt());
    }
  }

  private void lowerFloor(Bytes key) {
    if (key.compareTo(floor.key) < 0) {
      floor.key = key;
    }
  }

  /** Up to {@code max} entries due at or before {@code until}, in due order. */
  public List<Entry> dueUpTo(long until, int max) {
    return scan(store, floor.key, until, max, null, entry -> true);
  }

  /**
   * Removes and returns up to {@code max} entries due at or before {@code until}, in due order, and
   * raises the floor past them.
   */
  public List<Entry> takeDueUpTo(long until, int max) {
    List<Bytes> keys = new ArrayList<>(Math.min(max, 64));
    List<Entry> due = scan(store, floor.key, until, max, keys, entry -> true);
    for (Bytes key : keys) {
      store.put(key, null);
    }
    if (due.size() < max && until >= 0) {
      floor.key = max(floor.key, upperBound(until));
    } else if (!keys.isEmpty()) {
      floor.key = max(floor.key, keys.get(keys.size() - 1));
    }
    return due;
  }

  private static Bytes max(Bytes a, Bytes b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /**
   * Up to {@code max} entries of a due-index store due at or before {@code until} that {@code
   * accept} takes, in due order: the others are passed over as the scan goes, so what is held stays
   * within {@code max} whatever the store holds.
   */
  public static List<Entry> dueUpTo(
      ReadOnlyKeyValueStore<Bytes, byte[]> store, long until, int max, Predicate<Entry> accept) {
    return scan(store, FROM, until, max, null, accept);
  }

  /** Scans from {@code from}; adds the keys found to {@code keys} if given. */
  private static List<Entry> scan(
      ReadOnlyKeyValueStore<Bytes, byte[]> store,
      Bytes from,
      long until,
      int max,
      List<Bytes> keys,
      Predicate<Entry> accept) {
    List<Entry> due = new ArrayList<>(Math.min(max, 64));
    if (until < 0) {
      return due;
    }
    Bytes to = upperBound(until);
    if (from.compareTo(to) > 0) {
      return due;
    }
    try (KeyValueIterator<Bytes, byte[]> it = store.range(from, to)) {
      while (due.size() < max && it.hasNext()) {
        KeyValue<Bytes, byte[]> next = it.next();
        Entry entry = entry(next.key.get(), next.value);
        if (!accept.test(entry)) {
          continue;
        }
        due.add(entry);
        if (keys != null) {
          keys.add(next.key);
        }
      }
    }
    return due;
  }

  static Bytes key(long due, String timerId) {
    byte[] id = timerId.getBytes(StandardCharsets.UTF_8);
    return Bytes.wrap(
        ByteBuffer.allocate(Long.BYTES + id.length).putLong(Math.max(0, due)).put(id).array());
  }

  static Bytes retryKey(long due, String timerId, String invocationId) {
    byte[] id = timerId.getBytes(StandardCharsets.UTF_8);
    byte[] invocation = invocationId.getBytes(StandardCharsets.UTF_8);
    return Bytes.wrap(
        ByteBuffer.allocate(Long.BYTES + id.length + 1 + invocation.length)
            .putLong(Math.max(0, due))
            .put(id)
            .put(SEPARATOR)
            .put(invocation)
            .array());
  }

  /**
   * Greater than every key due at {@code until}: 0xFF never occurs in UTF-8, and a key continues
   * after the instant with UTF-8 and the 0x00 separator only.
   */
  private static Bytes upperBound(long until) {
    return Bytes.wrap(ByteBuffer.allocate(Long.BYTES + 1).putLong(until).put((byte) 0xFF).array());
  }

  private static Entry entry(byte[] key, byte[] value) {
    long due = ByteBuffer.wrap(key).getLong();
    int separator = indexOf(key, SEPARATOR, Long.BYTES);
    if (separator < 0) {
      return new Entry(due, text(key, Long.BYTES, key.length), null, 0);
    }
    ByteBuffer attempt = ByteBuffer.wrap(value);
    return new Entry(
        due,
        text(key, Long.BYTES, separator),
        text(key, separator + 1, key.length),
        attempt.getInt(),
        attempt.remaining() >= Long.BYTES ? attempt.getLong() : due);
  }

  private static int indexOf(byte[] bytes, byte wanted, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    return -1;
  }

  private static String text(byte[] bytes, int from, int to) {
    return new String(bytes, from, to - from, StandardCharsets.UTF_8);
  }
}

package io.punctual.scheduler.internals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
 * invocationId}, its value the attempt number (big-endian int): timer ids contain no control
 * character, so the two kinds never collide, and a timer's retries never disturb its regular
 * firing.
 */
public final class DueIndex {
  private static final byte[] PRESENT = {0};
  private static final byte SEPARATOR = 0;
  private static final Bytes FROM = Bytes.wrap(new byte[Long.BYTES]);

  private final KeyValueStore<Bytes, byte[]> store;

  public DueIndex(KeyValueStore<Bytes, byte[]> store) {
    this.store = store;
  }

  /**
   * One pending firing: a timer's regular one ({@code invocationId} null), or a retry of an
   * invocation at {@code attempt}.
   */
  public record Entry(long due, String timerId, String invocationId, int attempt) {
    /** Whether this is a retry of an invocation rather than the timer's regular firing. */
    public boolean retry() {
      return invocationId != null;
    }
  }

  public void put(long due, String timerId) {
    store.put(key(due, timerId), PRESENT);
  }

  public void delete(long due, String timerId) {
    store.delete(key(due, timerId));
  }

  /** Indexes a retry: attempt {@code attempt} of {@code invocationId}, due at {@code due}. */
  public void putRetry(long due, String timerId, String invocationId, int attempt) {
    store.put(
        retryKey(due, timerId, invocationId),
        ByteBuffer.allocate(Integer.BYTES).putInt(attempt).array());
  }

  /** Removes the entry, whatever its kind. */
  public void delete(Entry entry) {
    store.delete(
        entry.retry() ? retryKey(entry.due(), entry.timerId(), entry.invocationId()) : key(entry));
  }

  /** Up to {@code max} entries due at or before {@code until}, in due order. */
  public List<Entry> dueUpTo(long until, int max) {
    return dueUpTo(store, until, max);
  }

  /**
   * Up to {@code max} entries of a due-index store due at or before {@code until}, in due order.
   */
  public static List<Entry> dueUpTo(
      ReadOnlyKeyValueStore<Bytes, byte[]> store, long until, int max) {
    List<Entry> due = new ArrayList<>(Math.min(max, 64));
    if (until < 0) {
      return due;
    }
    try (KeyValueIterator<Bytes, byte[]> it = store.range(FROM, upperBound(until))) {
      while (due.size() < max && it.hasNext()) {
        KeyValue<Bytes, byte[]> next = it.next();
        due.add(entry(next.key.get(), next.value));
      }
    }
    return due;
  }

  private static Bytes key(Entry entry) {
    return key(entry.due(), entry.timerId());
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
    return new Entry(
        due,
        text(key, Long.BYTES, separator),
        text(key, separator + 1, key.length),
        ByteBuffer.wrap(value).getInt());
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

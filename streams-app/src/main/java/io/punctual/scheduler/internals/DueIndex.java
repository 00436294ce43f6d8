package io.punctual.scheduler.internals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The due index: one entry per pending firing, keyed by big-endian {@code (dueEpochMillis,
 * timerId)} so that a range scan from zero yields what is due, in due order, without reading
 * anything that is not due.
 */
public final class DueIndex {
  private static final byte[] PRESENT = {0};
  private static final Bytes FROM = Bytes.wrap(new byte[Long.BYTES]);

  private final KeyValueStore<Bytes, byte[]> store;

  public DueIndex(KeyValueStore<Bytes, byte[]> store) {
    this.store = store;
  }

  /** One pending firing. */
  public record Entry(long due, String timerId) {}

  public void put(long due, String timerId) {
    store.put(key(due, timerId), PRESENT);
  }

  public void delete(long due, String timerId) {
    store.delete(key(due, timerId));
  }

  /** Up to {@code max} entries due at or before {@code until}, in due order. */
  public List<Entry> dueUpTo(long until, int max) {
    List<Entry> due = new ArrayList<>(Math.min(max, 64));
    if (until < 0) {
      return due;
    }
    try (KeyValueIterator<Bytes, byte[]> it = store.range(FROM, upperBound(until))) {
      while (due.size() < max && it.hasNext()) {
        KeyValue<Bytes, byte[]> next = it.next();
        due.add(entry(next.key.get()));
      }
    }
    return due;
  }

  static Bytes key(long due, String timerId) {
    byte[] id = timerId.getBytes(StandardCharsets.UTF_8);
    return Bytes.wrap(
        ByteBuffer.allocate(Long.BYTES + id.length).putLong(Math.max(0, due)).put(id).array());
  }

  /** Greater than every key due at {@code until}: 0xFF never occurs in UTF-8. */
  private static Bytes upperBound(long until) {
    return Bytes.wrap(ByteBuffer.allocate(Long.BYTES + 1).putLong(until).put((byte) 0xFF).array());
  }

  private static Entry entry(byte[] key) {
    ByteBuffer buffer = ByteBuffer.wrap(key);
    long due = buffer.getLong();
    return new Entry(
        due, new String(key, Long.BYTES, key.length - Long.BYTES, StandardCharsets.UTF_8));
  }
}

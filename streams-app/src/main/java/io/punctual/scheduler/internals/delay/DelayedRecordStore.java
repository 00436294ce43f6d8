package io.punctual.scheduler.internals.delay;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The delayed records of one partition of the delay topic, in one store with three kinds of key:
 *
 * <ul>
 *   <li>{@code 0x00 | at | offset} → the {@link PendingDelivery}: a range scan from the front
 *       yields what is due in due order, and records of one instant in the order they were
 *       produced;
 *   <li>{@code 0x01 | offset} → {@code at}: a record under its default id (its offset), to cancel
 *       it;
 *   <li>{@code 0x02 | key length | key | delay id} → {@code at | offset}: a record under the id its
 *       producer named, per key, to cancel or replace it.
 * </ul>
 *
 * <p>Delivering or cancelling a record deletes both of its entries. Deliveries delete from the
 * front, and a scan from the very front would step over every tombstone left since the last
 * compaction; the store therefore keeps a floor below which nothing is due, raised past what was
 * delivered and lowered by every add, and forgotten when the task (re)starts.
 */
final class DelayedRecordStore {
  private static final byte DUE = 0;
  private static final byte BY_OFFSET = 1;
  private static final byte BY_NAME = 2;
  private static final int NO_KEY = -1;
  private static final Bytes FRONT = Bytes.wrap(new byte[] {DUE});

  private final KeyValueStore<Bytes, byte[]> store;
  private Bytes floor = FRONT;

  DelayedRecordStore(KeyValueStore<Bytes, byte[]> store) {
    this.store = store;
  }

  /**
   * Keeps a record until its instant. A record under a named id replaces the pending one of the
   * same key and id.
   *
   * @return whether it replaced a pending record
   */
  boolean add(PendingDelivery delivery) {
    boolean replaced = false;
    Bytes idKey;
    byte[] idValue;
    if (delivery.delayId() == null) {
      idKey = byOffset(delivery.offset());
      idValue = ByteBuffer.allocate(Long.BYTES).putLong(delivery.at()).array();
    } else {
      idKey = byName(delivery.key(), delivery.delayId());
      byte[] pending = store.get(idKey);
      if (pending != null) {
        ByteBuffer position = ByteBuffer.wrap(pending);
        store.delete(due(position.getLong(), position.getLong()));
        replaced = true;
      }
      idValue =
          ByteBuffer.allocate(2 * Long.BYTES)
              .putLong(delivery.at())
              .putLong(delivery.offset())
              .array();
    }
    Bytes dueKey = due(delivery.at(), delivery.offset());
    if (dueKey.compareTo(floor) < 0) {
      floor = dueKey;
    }
    store.put(dueKey, delivery.encode());
    store.put(idKey, idValue);
    return replaced;
  }

  /**
   * Removes the pending record of {@code key} under a named {@code delayId}, or under the default
   * id of {@code offset} when {@code offset} is not negative.
   *
   * @return whether a pending record was removed
   */
  boolean cancel(byte[] key, String delayId, long offset) {
    Bytes named = byName(key, delayId);
    byte[] position = store.get(named);
    if (position != null) {
      ByteBuffer read = ByteBuffer.wrap(position);
      store.delete(due(read.getLong(), read.getLong()));
      store.delete(named);
      return true;
    }
    if (offset < 0) {
      return false;
    }
    Bytes byOffset = byOffset(offset);
    byte[] at = store.get(byOffset);
    if (at == null) {
      return false;
    }
    Bytes dueKey = due(ByteBuffer.wrap(at).getLong(), offset);
    byte[] stored = store.get(dueKey);
    if (stored == null || !Arrays.equals(key, PendingDelivery.decode(0, offset, stored).key())) {
      return false;
    }
    store.delete(dueKey);
    store.delete(byOffset);
    return true;
  }

  /** Up to {@code max} records due at or before {@code until}, in due order, left in the store. */
  List<PendingDelivery> dueUpTo(long until, int max) {
    List<PendingDelivery> due = new ArrayList<>(Math.min(max, 64));
    Bytes to = upperBound(until);
    if (floor.compareTo(to) > 0) {
      return due;
    }
    try (KeyValueIterator<Bytes, byte[]> it = store.range(floor, to)) {
      while (due.size() < max && it.hasNext()) {
        KeyValue<Bytes, byte[]> next = it.next();
        ByteBuffer key = ByteBuffer.wrap(next.key.get(), 1, 2 * Long.BYTES);
        due.add(PendingDelivery.decode(key.getLong(), key.getLong(), next.value));
      }
    }
    return due;
  }

  /**
   * Removes a record {@link #dueUpTo} returned, once delivered or dead-lettered, and raises the
   * floor to it.
   */
  void remove(PendingDelivery delivery) {
    Bytes dueKey = due(delivery.at(), delivery.offset());
    store.delete(dueKey);
    store.delete(
        delivery.delayId() == null
            ? byOffset(delivery.offset())
            : byName(delivery.key(), delivery.delayId()));
    if (dueKey.compareTo(floor) > 0) {
      floor = dueKey;
    }
  }

  /**
   * Raises the floor past {@code until}: a run found everything due up to it and removed it all.
   */
  void passed(long until) {
    Bytes past = upperBound(until);
    if (past.compareTo(floor) > 0) {
      floor = past;
    }
  }

  /** An estimate of the pending records (RocksDB's estimate of the keys, halved). */
  long approximatePending() {
    return store.approximateNumEntries() / 2;
  }

  private static Bytes due(long at, long offset) {
    return Bytes.wrap(
        ByteBuffer.allocate(1 + 2 * Long.BYTES).put(DUE).putLong(at).putLong(offset).array());
  }

  private static Bytes byOffset(long offset) {
    return Bytes.wrap(ByteBuffer.allocate(1 + Long.BYTES).put(BY_OFFSET).putLong(offset).array());
  }

  private static Bytes byName(byte[] key, String delayId) {
    byte[] id = delayId.getBytes(StandardCharsets.UTF_8);
    int keyLength = key == null ? 0 : key.length;
    ByteBuffer buffer =
        ByteBuffer.allocate(1 + Integer.BYTES + keyLength + id.length)
            .put(BY_NAME)
            .putInt(key == null ? NO_KEY : keyLength);
    if (key != null) {
      buffer.put(key);
    }
    return Bytes.wrap(buffer.put(id).array());
  }

  /** Greater than every due key of {@code until}: the offsets after it end the key. */
  private static Bytes upperBound(long until) {
    return Bytes.wrap(
        ByteBuffer.allocate(1 + 2 * Long.BYTES)
            .put(DUE)
            .putLong(until)
            .putLong(Long.MAX_VALUE)
            .array());
  }
}

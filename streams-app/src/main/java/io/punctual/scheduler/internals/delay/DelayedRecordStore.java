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
 * <p>Delivering or cancelling a record deletes both of its entries, as {@code put(key, null)}:
 * Kafka Streams' {@code delete} reads the old value first, a RocksDB read per entry that nothing
 * here needs. Deliveries delete from the front, and a scan from the very front would step over
 * every tombstone left since the last compaction; the store therefore keeps a floor below which
 * nothing is due, raised past what was delivered and lowered by every add, and forgotten when the
 * task (re)starts. A record read after the runs have passed its instant is not kept at all ({@link
 * #passedBy}): kept, it would lower the floor below the tombstones of everything delivered since,
 * and each run would step over them again (a task whose input lagged slowed to a crawl that way).
 */
final class DelayedRecordStore {
  private static final byte DUE = 0;
  private static final byte BY_OFFSET = 1;
  private static final byte BY_NAME = 2;
  private static final int NO_KEY = -1;
  private static final Bytes FRONT = Bytes.wrap(new byte[] {DUE});
  private static final Bytes IDS_END = Bytes.wrap(new byte[] {BY_NAME + 1});

  private final KeyValueStore<Bytes, byte[]> store;
  private Bytes floor = FRONT;

  /**
   * An instant up to which every record kept has been delivered or dead-lettered (-1 when none is
   * known, as after a start): a record due by then needs no keeping, and is delivered as it is
   * read.
   */
  private long passedUntil = -1;

  /** Records under an id key below {@link #countedTo}, as counted and kept up to date since. */
  private long counted;

  /** Where the count of pending records stands; null once every id key was counted. */
  private Bytes countedTo = Bytes.wrap(new byte[] {BY_OFFSET});

  DelayedRecordStore(KeyValueStore<Bytes, byte[]> store) {
    this.store = store;
  }

  /**
   * Keeps a record until its instant. A record under a named id replaces the pending one of the
   * same key and id.
   *
   * @return the pending record it replaced, or null
   */
  Cancelled add(PendingDelivery delivery) {
    Cancelled replaced = null;
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
        replaced = new Cancelled(position.getLong(), position.getLong());
        store.put(due(replaced.at(), replaced.offset()), null);
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
    if (replaced == null) {
      recount(idKey, 1);
    }
    return replaced;
  }

  /**
   * Removes the pending record of {@code key} under a named {@code delayId}, or under the default
   * id of {@code offset} when {@code offset} is not negative.
   *
   * @return the record removed, or null when none was pending
   */
  Cancelled cancel(byte[] key, String delayId, long offset) {
    Bytes named = byName(key, delayId);
    byte[] position = store.get(named);
    if (position != null) {
      ByteBuffer read = ByteBuffer.wrap(position);
      long at = read.getLong();
      long namedOffset = read.getLong();
      store.put(due(at, namedOffset), null);
      store.put(named, null);
      recount(named, -1);
      return new Cancelled(at, namedOffset);
    }
    if (offset < 0) {
      return null;
    }
    Bytes byOffset = byOffset(offset);
    byte[] at = store.get(byOffset);
    if (at == null) {
      return null;
    }
    long instant = ByteBuffer.wrap(at).getLong();
    Bytes dueKey = due(instant, offset);
    byte[] stored = store.get(dueKey);
    if (stored == null || !Arrays.equals(key, PendingDelivery.decode(0, offset, stored).key())) {
      return null;
    }
    store.put(dueKey, null);
    store.put(byOffset, null);
    recount(byOffset, -1);
    return new Cancelled(instant, offset);
  }

  /** A pending record a cancel removed: its instant and its offset on the delay topic. */
  record Cancelled(long at, long offset) {}

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
    store.put(dueKey, null);
    Bytes idKey =
        delivery.delayId() == null
            ? byOffset(delivery.offset())
            : byName(delivery.key(), delivery.delayId());
    store.put(idKey, null);
    recount(idKey, -1);
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
    passedUntil = Math.max(passedUntil, until);
  }

  /**
   * Whether every record kept that is due by {@code at} has been delivered: a record due then, read
   * now, may be delivered at once and still come after those of its key and instant.
   */
  boolean passedBy(long at) {
    return at <= passedUntil;
  }

  /**
   * Keeps records due at or after {@code at} from being delivered as they are read, until a run has
   * delivered what is due by then: one of them is held up.
   */
  void holdBack(long at) {
    passedUntil = Math.min(passedUntil, at - 1);
  }

  /**
   * The records waiting for their instant, or -1 while they are being counted. The count starts
   * when the task does, by {@link #countSome} steps that walk the id keys, and each change below
   * the walk's position counts at once: the count is exact when the walk ends, and kept so.
   */
  long pending() {
    return countedTo == null ? counted : -1;
  }

  /** Counts up to {@code max} more id keys, while the count is not complete. */
  void countSome(int max) {
    if (countedTo == null) {
      return;
    }
    Bytes last = null;
    int seen = 0;
    try (KeyValueIterator<Bytes, byte[]> it = store.range(countedTo, IDS_END)) {
      while (seen < max && it.hasNext()) {
        last = it.next().key;
        seen++;
      }
      counted += seen;
      if (!it.hasNext()) {
        countedTo = null;
        return;
      }
    }
    byte[] after = Arrays.copyOf(last.get(), last.get().length + 1);
    countedTo = Bytes.wrap(after);
  }

  private void recount(Bytes idKey, int change) {
    if (countedTo == null || idKey.compareTo(countedTo) < 0) {
      counted += change;
    }
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

package io.punctual.scheduler.internals.state;

import io.punctual.InvalidTimerException;
import io.punctual.StatusEvent;
import io.punctual.contract.DefinitionRules;
import io.punctual.scheduler.SchedulerActivity;
import io.punctual.scheduler.internals.NodeNames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The most recent status events of each timer, newest first, at most {@code size} per timer.
 *
 * <p>An event is keyed {@code timerId | 0x00 | big-endian (Long.MAX_VALUE - at) | big-endian
 * (Long.MAX_VALUE - offset)}, its value the event in Avro binary: a range scan of a timer's prefix
 * yields its events newest first, and the offset of the status record orders events of one
 * millisecond and makes a replayed record land on the same key. The key {@code timerId | 0x01}
 * holds how many events the timer has (a big-endian int): timer ids contain no control character,
 * so it sorts after the timer's events and before any other timer's. Past {@code size}, the oldest
 * event is evicted, so each event costs a bounded amount of work.
 */
public final class StatusHistory {
  private static final byte EVENT = 0;
  private static final byte COUNT = 1;
  private static final int SUFFIX_BYTES = 2 * Long.BYTES;

  /** The offsets the keys of the events this scheduler keeps as it publishes them start from. */
  static final long OWN_EVENTS = 1L << 62;

  private static final AtomicLong SEQUENCE = new AtomicLong();

  // Avro's datum readers and writers hold no state of one read or write: one serves every thread.
  private static final SpecificDatumWriter<StatusEvent> WRITER =
      new SpecificDatumWriter<>(StatusEvent.class);
  private static final SpecificDatumReader<StatusEvent> READER =
      new SpecificDatumReader<>(StatusEvent.class);

  private final KeyValueStore<Bytes, byte[]> store;
  private final int size;
  private final SchedulerActivity activity;

  private StatusHistory(KeyValueStore<Bytes, byte[]> store, int size, SchedulerActivity activity) {
    this.store = store;
    this.size = size;
    this.activity = activity;
  }

  /**
   * The history of the processor's task, {@code size} events per timer, counting each event it
   * keeps in {@code activity}.
   */
  public static StatusHistory of(
      ProcessorContext<?, ?> context, int size, SchedulerActivity activity) {
    return new StatusHistory(context.getStateStore(NodeNames.HISTORY_STORE), size, activity);
  }

  /**
   * Keeps {@code event}, read at {@code offset} of the status topic, unless it is kept already (the
   * record was read again); evicts the oldest past N.
   */
  public void record(StatusEvent event, long offset) {
    Bytes key = eventKey(event.getTimerId(), event.getAt().toEpochMilli(), offset);
    if (store.get(key) == null) {
      add(event, key);
    }
  }

  /**
   * Keeps {@code event}, which this scheduler publishes now, in the transaction that publishes it:
   * such an event is not kept again when it is read back ({@link
   * io.punctual.InvocationHeaders#SOURCE}). An event under an id no timer can have is not kept.
   *
   * <p>It is keyed as if read at an offset of its own above any real one ({@link #OWN_EVENTS} plus
   * a sequence of this JVM), so that the events one processor publishes in one millisecond keep
   * their order, and none takes the key of an event read from the topic.
   */
  public void keep(StatusEvent event) {
    String timerId = event.getTimerId();
    try {
      DefinitionRules.checkId(timerId);
    } catch (InvalidTimerException e) {
      return;
    }
    add(
        event,
        eventKey(timerId, event.getAt().toEpochMilli(), OWN_EVENTS + SEQUENCE.getAndIncrement()));
  }

  private void add(StatusEvent event, Bytes key) {
    String timerId = event.getTimerId();
    store.put(key, encode(event));
    activity.kept(event);
    Bytes countKey = marker(timerId, COUNT);
    byte[] stored = store.get(countKey);
    int count = (stored == null ? 0 : ByteBuffer.wrap(stored).getInt()) + 1;
    if (count > size) {
      evictOldest(timerId);
      count--;
    }
    store.put(countKey, ByteBuffer.allocate(Integer.BYTES).putInt(count).array());
  }

  /** Forgets every event of the timer (it was deleted): a timer of the same id starts afresh. */
  public void purge(String timerId) {
    List<Bytes> keys = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> events =
        store.range(marker(timerId, EVENT), lastEventKey(timerId))) {
      events.forEachRemaining(event -> keys.add(event.key));
    }
    keys.forEach(store::delete);
    store.put(marker(timerId, COUNT), null);
  }

  private void evictOldest(String timerId) {
    try (KeyValueIterator<Bytes, byte[]> oldest =
        store.reverseRange(marker(timerId, EVENT), lastEventKey(timerId))) {
      if (oldest.hasNext()) {
        store.put(oldest.next().key, null);
      }
    }
  }

  /** Up to {@code limit} of the timer's events, newest first. */
  public static List<StatusEvent> newest(
      ReadOnlyKeyValueStore<Bytes, byte[]> store, String timerId, int limit) {
    return newest(store, timerId, limit, event -> true);
  }

  /**
   * Up to {@code limit} of the timer's events that a reader of {@code namespace} may see, newest
   * first: those of that namespace, and those naming none (the scheduler's rejection of a record
   * that named no namespace). Every event of a timer id is kept, whatever namespace it names, so
   * that keeping one costs no read of the timer; this is where events of another namespace (a
   * deleted timer's late outcomes, once its id belongs to another namespace) are passed over.
   *
   * @param namespace the timer's namespace now; null when no timer is stored under the id
   */
  public static List<StatusEvent> newestOf(
      ReadOnlyKeyValueStore<Bytes, byte[]> store, String timerId, String namespace, int limit) {
    return newest(
        store,
        timerId,
        limit,
        event -> {
          CharSequence of = event.getNamespace();
          return of == null || (namespace != null && namespace.contentEquals(of));
        });
  }

  /**
   * What the timer's history shows: up to {@code limit} of its events newest first, those its
   * namespace may see ({@link #newestOf}) with the {@code COMPLETED} event its state keeps ({@link
   * LiveTimer#completed()}) in its place.
   *
   * @param stored what the timers store holds for the id, or null
   */
  public static List<StatusEvent> shown(
      ReadOnlyKeyValueStore<Bytes, byte[]> store, String timerId, TimerState stored, int limit) {
    if (!(stored instanceof LiveTimer timer)) {
      return newestOf(store, timerId, null, limit);
    }
    String namespace = timer.definition().getNamespace();
    List<StatusEvent> events = newestOf(store, timerId, namespace, limit);
    if (timer.completed() == null) {
      return events;
    }
    StatusEvent completed = timer.completed().event(timerId, namespace);
    List<StatusEvent> merged = new ArrayList<>(events);
    int at = 0;
    while (at < merged.size() && merged.get(at).getAt().isAfter(completed.getAt())) {
      at++;
    }
    merged.add(at, completed);
    return List.copyOf(merged.subList(0, Math.min(limit, merged.size())));
  }

  /** Up to {@code limit} of the timer's events that {@code shown} accepts, newest first. */
  private static List<StatusEvent> newest(
      ReadOnlyKeyValueStore<Bytes, byte[]> store,
      String timerId,
      int limit,
      Predicate<StatusEvent> shown) {
    List<StatusEvent> events = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> it =
        store.range(marker(timerId, EVENT), lastEventKey(timerId))) {
      while (events.size() < limit && it.hasNext()) {
        StatusEvent event = decode(it.next().value);
        if (shown.test(event)) {
          events.add(event);
        }
      }
    }
    return events;
  }

  static Bytes eventKey(String timerId, long at, long offset) {
    byte[] id = timerId.getBytes(StandardCharsets.UTF_8);
    return Bytes.wrap(
        ByteBuffer.allocate(id.length + 1 + SUFFIX_BYTES)
            .put(id)
            .put(EVENT)
            .putLong(Long.MAX_VALUE - at)
            .putLong(Long.MAX_VALUE - offset)
            .array());
  }

  private static Bytes marker(String timerId, byte marker) {
    byte[] id = timerId.getBytes(StandardCharsets.UTF_8);
    return Bytes.wrap(ByteBuffer.allocate(id.length + 1).put(id).put(marker).array());
  }

  private static Bytes lastEventKey(String timerId) {
    byte[] id = timerId.getBytes(StandardCharsets.UTF_8);
    byte[] suffix = new byte[SUFFIX_BYTES];
    Arrays.fill(suffix, (byte) 0xFF);
    return Bytes.wrap(
        ByteBuffer.allocate(id.length + 1 + SUFFIX_BYTES).put(id).put(EVENT).put(suffix).array());
  }

  private static byte[] encode(StatusEvent event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try {
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
      WRITER.write(event, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new SerializationException("cannot encode status event", e);
    }
    return out.toByteArray();
  }

  private static StatusEvent decode(byte[] bytes) {
    try {
      return READER.read(null, DecoderFactory.get().binaryDecoder(bytes, null));
    } catch (IOException e) {
      throw new SerializationException("cannot decode status event", e);
    }
  }
}

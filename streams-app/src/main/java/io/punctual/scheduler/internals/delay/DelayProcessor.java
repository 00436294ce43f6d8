package io.punctual.scheduler.internals.delay;

import io.punctual.InvalidTimerException;
import io.punctual.InvocationHeaders;
import io.punctual.client.DelayedRecords;
import io.punctual.contract.DelayInstruction;
import io.punctual.scheduler.SchedulerConfig;
import io.punctual.scheduler.internals.NodeNames;
import io.punctual.scheduler.internals.deliver.Delivery;
import io.punctual.scheduler.internals.deliver.DeliveryCheck;
import io.punctual.scheduler.internals.deliver.Destinations;
import io.punctual.scheduler.internals.deliver.RecordSize;
import io.punctual.scheduler.internals.faults.Faults;
import io.punctual.scheduler.internals.intake.DeadLetters;
import io.punctual.scheduler.internals.scheduling.WallClock;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delays records: keeps each record of the delay topic until its instant ({@link
 * DelayedRecordStore}), and from a wall-clock punctuator delivers what is due, in due order, to its
 * destination, never before its instant. The delivery and the removal from the store are in the
 * same transaction, so each record reaches its destination once. A record read when its instant has
 * passed, and every record kept that was due by then has been delivered, is delivered as it is
 * read, in the transaction that reads it, and never kept.
 *
 * <p>A record whose headers ask for nothing valid, or for a destination it may not reach, is
 * dead-lettered as read, with the reason. So is a record whose destination cannot take it at its
 * instant (absent, not writable, too small a {@code max.message.bytes}): a record the broker would
 * refuse inside the transaction would abort it at every retry, and hold up the partition for good.
 * A destination not known yet holds the run up until the cluster answered (in the background).
 *
 * <p>A delivery is visible to read_committed consumers when its transaction commits, every {@code
 * commit.interval.ms}. A run does not ask for a commit of its own: a commit costs the stream thread
 * tens of milliseconds on a loaded host, and commits asked at every run, or even every 40 ms,
 * starved the input and made deliveries seconds late.
 */
public final class DelayProcessor implements Processor<byte[], byte[], Object, Object> {
  private static final Logger LOG = LoggerFactory.getLogger(DelayProcessor.class);
  private static final int BATCH = 256;
  private static final long PENDING_EVERY_MS = 1_000;

  /** How many records one run counts, after a (re)start, until they are all counted. */
  private static final int COUNT_STEP = 2_000;

  private final DelaySettings settings;
  private final Destinations destinations;
  private final DelayMeters meters;
  private final LongSupplier nanoTime;
  private ProcessorContext<Object, Object> context;
  private DelayedRecordStore store;
  private DeliveryCheck check;
  private DelayEvents events;
  private WallClock clock;
  private int partition;
  private long pendingCountedAt;

  DelayProcessor(
      DelaySettings settings,
      Destinations destinations,
      DelayMeters meters,
      LongSupplier nanoTime) {
    this.settings = settings;
    this.destinations = destinations;
    this.meters = meters;
    this.nanoTime = nanoTime;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.store = new DelayedRecordStore(context.getStateStore(NodeNames.DELAYED_STORE));
    this.check =
        new DeliveryCheck(settings.destinations(), DelayedRecords.DELIVER_TO, destinations);
    this.clock = new WallClock(context, nanoTime);
    this.partition = context.taskId().partition();
    this.events =
        new DelayEvents(
            context,
            settings.statusEvents(),
            settings.instance(),
            settings.delayTopic(),
            partition);
    context.schedule(
        settings.punctuateInterval(), PunctuationType.WALL_CLOCK_TIME, this::deliverDue);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    RecordMetadata origin = context.recordMetadata().orElseThrow();
    try {
      DelayInstruction instruction = DelayInstruction.of(record.headers(), record.timestamp());
      if (instruction instanceof DelayInstruction.Cancel cancel) {
        cancel(record.key(), cancel.delayId(), origin);
      } else {
        keep(record, (DelayInstruction.Deliver) instruction, origin);
      }
    } catch (RuntimeException e) {
      Faults.rethrowInfrastructure(e);
      InvalidTimerException invalid =
          e instanceof InvalidTimerException known
              ? known
              : new InvalidTimerException(InvalidTimerException.WHOLE_RECORD, e.toString(), e);
      LOG.warn(
          "dead-lettered delayed record {}-{}@{}: {}",
          origin.topic(),
          origin.partition(),
          origin.offset(),
          invalid.getMessage());
      deadLetter(record.key(), record.value(), record.headers(), invalid, origin.offset());
      meters.rejected();
      events.rejected(origin.offset(), invalid.getMessage(), context.currentSystemTimeMs());
    }
  }

  private void keep(
      Record<byte[], byte[]> record, DelayInstruction.Deliver deliver, RecordMetadata origin) {
    check.allow(deliver.destination());
    long now = clock.millis();
    if (deliver.at() - now > settings.maxHorizonMs()) {
      throw new InvalidTimerException(
          DelayedRecords.DELIVER_AT,
          "is further than "
              + SchedulerConfig.DELAY_MAX_HORIZON_MS_CONFIG
              + "="
              + settings.maxHorizonMs()
              + " ms ahead");
    }
    PendingDelivery pending =
        new PendingDelivery(
            deliver.at(),
            origin.offset(),
            deliver.destination(),
            deliver.delayId(),
            record.key(),
            record.value(),
            record.headers());
    int size = RecordSize.upperBound(pending.key(), pending.value(), delivered(pending));
    if (size > settings.maxRecordBytes()) {
      throw new InvalidTimerException(
          InvalidTimerException.WHOLE_RECORD,
          "a record of up to "
              + size
              + " bytes as delivered exceeds "
              + SchedulerConfig.DELAY_MAX_RECORD_BYTES_CONFIG
              + "="
              + settings.maxRecordBytes());
    }
    meters.accepted();
    if (store.passedBy(pending.at())) {
      if (pending.delayId() != null) {
        replaced(pending, store.cancel(pending.key(), pending.delayId(), -1), now);
      }
      if (deliver(pending, now)) {
        return;
      }
      store.holdBack(pending.at());
    }
    replaced(pending, store.add(pending), now);
  }

  /** Reports the pending record a new one of the same key and delay id replaced, if any. */
  private void replaced(PendingDelivery by, DelayedRecordStore.Cancelled replaced, long now) {
    if (replaced != null) {
      events.cancelled(by.delayId(), replaced, now);
    }
  }

  private void cancel(byte[] key, String delayId, RecordMetadata origin) {
    String ownPrefix = DelayedRecords.defaultId(origin.topic(), origin.partition(), 0);
    ownPrefix = ownPrefix.substring(0, ownPrefix.length() - 1);
    long offset = -1;
    if (delayId.startsWith(ownPrefix)) {
      try {
        offset = Long.parseLong(delayId.substring(ownPrefix.length()));
      } catch (NumberFormatException notADefaultId) {
        offset = -1;
      }
    }
    DelayedRecordStore.Cancelled cancelled = store.cancel(key, delayId, offset);
    if (cancelled != null) {
      meters.cancelled();
      events.cancelled(delayId, cancelled, context.currentSystemTimeMs());
    }
  }

  /**
   * Delivers what is due, in due order, until nothing is, the budget is spent, or a destination not
   * known yet holds the run up.
   */
  private void deliverDue(long punctuationTime) {
    long deadline = nanoTime.getAsLong() + settings.punctuateBudgetMs() * 1_000_000;
    boolean more;
    do {
      long now = clock.millis();
      List<PendingDelivery> due = store.dueUpTo(now, BATCH);
      int done = 0;
      while (done < due.size() && deliver(due.get(done), now)) {
        store.remove(due.get(done));
        done++;
      }
      boolean heldUp = done < due.size();
      if (!heldUp && due.size() < BATCH) {
        store.passed(now);
      }
      more = !heldUp && due.size() == BATCH;
    } while (more && nanoTime.getAsLong() - deadline < 0);
    countPending();
  }

  /**
   * Delivers a due record, or dead-letters it when its destination cannot take it.
   *
   * @return false when the destination is not known yet: the record stays, and so do the ones after
   *     it
   */
  private boolean deliver(PendingDelivery pending, long now) {
    Headers headers = delivered(pending);
    DeliveryCheck.Verdict verdict =
        check.verdict(
            pending.destination(), pending.key(), pending.value(), headers, pending.at(), now);
    if (verdict instanceof DeliveryCheck.Hold) {
      return false;
    }
    if (verdict instanceof DeliveryCheck.Refuse refuse) {
      undeliverable(pending, refuse.reason());
      return true;
    }
    context.forward(
        new Record<Object, Object>(
            pending.key(),
            new Delivery(pending.destination(), pending.value()),
            ((DeliveryCheck.Send) verdict).timestamp(),
            headers),
        NodeNames.DELIVERIES_SINK);
    meters.delivered(now - pending.at());
    events.delivered(pending, now);
    return true;
  }

  /** The headers a record is delivered with: its own, less Punctual's, plus where it came from. */
  private Headers delivered(PendingDelivery pending) {
    RecordHeaders headers = new RecordHeaders();
    for (Header header : pending.headers()) {
      if (!header.key().startsWith(DelayedRecords.HEADER_PREFIX)) {
        headers.add(header);
      }
    }
    InvocationHeaders.add(headers, DelayedRecords.SCHEDULED_AT, Long.toString(pending.at()));
    InvocationHeaders.add(headers, DelayedRecords.ORIGIN_TOPIC, sourceTopic());
    InvocationHeaders.add(headers, DelayedRecords.ORIGIN_PARTITION, Integer.toString(partition));
    InvocationHeaders.add(headers, DelayedRecords.ORIGIN_OFFSET, Long.toString(pending.offset()));
    if (pending.delayId() != null) {
      InvocationHeaders.add(headers, DelayedRecords.DELAY_ID, pending.delayId());
    }
    return headers;
  }

  private void undeliverable(PendingDelivery pending, String reason) {
    events.deadLettered(pending, reason, context.currentSystemTimeMs());
    LOG.warn(
        "dead-lettered delayed record {}-{}@{} at its instant: {}",
        sourceTopic(),
        partition,
        pending.offset(),
        reason);
    deadLetter(
        pending.key(),
        pending.value(),
        pending.headers(),
        new InvalidTimerException(DelayedRecords.DELIVER_TO, reason),
        pending.offset());
    meters.undeliverable();
  }

  private void deadLetter(
      byte[] key, byte[] value, Headers headers, InvalidTimerException error, long offset) {
    context.forward(
        DeadLetters.rejected(
            key,
            value,
            headers,
            error,
            sourceTopic(),
            partition,
            offset,
            context.currentSystemTimeMs()),
        NodeNames.DELAYED_DEAD_LETTERS_SINK);
  }

  private String sourceTopic() {
    return settings.delayTopic();
  }

  private void countPending() {
    store.countSome(COUNT_STEP);
    long now = clock.millis();
    if (now - pendingCountedAt >= PENDING_EVERY_MS) {
      pendingCountedAt = now;
      meters.pending(partition, store.pending());
    }
  }

  @Override
  public void close() {
    meters.closed(partition);
  }
}

package io.punctual.scheduler.internals.delay;

import io.punctual.StatusEvent;
import io.punctual.StatusType;
import io.punctual.client.DelayedRecords;
import io.punctual.scheduler.internals.NodeNames;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The status events of delayed records, when a deployment turns them on ({@code
 * punctual.delay.status.events}): on a topic of their own ({@code <prefix>.delayed.status}), so
 * that no consumer of the timers' status topic mistakes one for a timer's. Each is a {@code
 * StatusEvent} keyed by the delay id, whose {@code timerId} is the delay id and whose {@code
 * invocationId} and {@code origin} are the delayed record's position ({@code
 * <topic>-<partition>@<offset>}): {@code SUCCEEDED} when it was delivered, {@code CANCELLED},
 * {@code DEAD_LETTERED} at its instant, {@code REJECTED} at intake.
 */
final class DelayEvents {
  private final ProcessorContext<Object, Object> context;
  private final boolean on;
  private final String instance;
  private final String topic;
  private final int partition;

  DelayEvents(
      ProcessorContext<Object, Object> context,
      boolean on,
      String instance,
      String topic,
      int partition) {
    this.context = context;
    this.on = on;
    this.instance = instance;
    this.topic = topic;
    this.partition = partition;
  }

  /** A record written to its destination at {@code now}. */
  void delivered(PendingDelivery pending, long now) {
    if (on) {
      StatusEvent.Builder event = about(pending.delayId(), pending.offset(), pending.at(), now);
      event
          .setType(StatusType.SUCCEEDED)
          .setAttempt(1)
          .setStartedAt(Instant.ofEpochMilli(now))
          .setFinishedAt(Instant.ofEpochMilli(now))
          .setLatenessMillis(now - pending.at());
      publish(event.build(), now);
    }
  }

  /** A pending record cancelled before its instant. */
  void cancelled(String delayId, DelayedRecordStore.Cancelled cancelled, long now) {
    if (on) {
      publish(
          about(delayId, cancelled.offset(), cancelled.at(), now)
              .setType(StatusType.CANCELLED)
              .build(),
          now);
    }
  }

  /** A record dead-lettered at its instant. */
  void deadLettered(PendingDelivery pending, String reason, long now) {
    if (on) {
      publish(
          about(pending.delayId(), pending.offset(), pending.at(), now)
              .setType(StatusType.DEAD_LETTERED)
              .setAttempt(1)
              .setError(reason)
              .build(),
          now);
    }
  }

  /** A record dead-lettered as it was read, at {@code offset}. */
  void rejected(long offset, String reason, long now) {
    if (on) {
      publish(
          about(null, offset, null, now).setType(StatusType.REJECTED).setError(reason).build(),
          now);
    }
  }

  private StatusEvent.Builder about(String delayId, long offset, Long at, long now) {
    String position = DelayedRecords.defaultId(topic, partition, offset);
    return StatusEvent.newBuilder()
        .setTimerId(delayId == null ? position : delayId)
        .setInvocationId(position)
        .setOrigin(position)
        .setAt(Instant.ofEpochMilli(now))
        .setScheduledAt(at == null ? null : Instant.ofEpochMilli(at))
        .setInstance(instance);
  }

  private void publish(StatusEvent event, long now) {
    context.forward(
        new Record<Object, Object>(event.getTimerId(), event, now), NodeNames.DELAYED_STATUS_SINK);
  }
}

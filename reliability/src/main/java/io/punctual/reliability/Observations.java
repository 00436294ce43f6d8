package io.punctual.reliability;

import io.punctual.CommandType;
import io.punctual.StatusType;
import io.punctual.TimerDefinition;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What a run left behind, as the checker reads it: every version of every definition, every
 * command, every trigger and status event (read_committed), every action performed (calls the
 * target recorded, records delivered to the Kafka targets' topic), and the delayed records as sent
 * and as delivered.
 */
record Observations(
    List<Definition> definitions,
    List<Command> commands,
    List<Trigger> triggers,
    List<Status> status,
    List<Action> actions,
    List<ConsumerRecord<byte[], byte[]>> delayed,
    List<ConsumerRecord<byte[], byte[]>> delayedDeliveries) {

  /** A record of the timers topic; {@code definition} is null for a tombstone. */
  record Definition(
      String timerId, int partition, long offset, long timestamp, TimerDefinition definition) {}

  /** A record of the commands topic. */
  record Command(String timerId, CommandType type, long timestamp) {}

  /**
   * A record of the triggers topic (control records that cancel are left out).
   *
   * @param version the emitting definition's {@link Workload#VERSION_LABEL} label, or null
   */
  record Trigger(
      String invocationId,
      String timerId,
      int partition,
      long offset,
      long scheduledAt,
      long emittedAt,
      int attempt,
      String version) {}

  /** A record of the status topic. */
  record Status(
      StatusType type,
      String timerId,
      String invocationId,
      Integer attempt,
      Long scheduledAt,
      Long finishedAt,
      long at,
      int partition,
      long offset) {
    /** Whether it ends its invocation: SUCCEEDED, DEAD_LETTERED or CANCELLED. */
    boolean isFinal() {
      return type == StatusType.SUCCEEDED
          || type == StatusType.DEAD_LETTERED
          || type == StatusType.CANCELLED;
    }

    /** When the invocation finished, as the scheduler takes it for a fixed delay. */
    long finishedMs() {
      return finishedAt != null ? finishedAt : at;
    }
  }

  /**
   * An action performed: an HTTP call the target received, or a record delivered to the Kafka
   * targets' topic.
   *
   * @param kind {@code http} or {@code kafka}
   * @param key the invocation id it carried
   * @param scheduledAt the instant its attempt was due at
   * @param arrivedAt when it arrived (the target's clock, or the delivered record's timestamp)
   */
  record Action(
      String kind, String key, int attempt, String timerId, long scheduledAt, long arrivedAt) {}
}

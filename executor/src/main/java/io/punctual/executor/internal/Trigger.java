package io.punctual.executor.internal;

import io.punctual.Invocation;

/**
 * A trigger as read from {@code <prefix>.triggers}: its invocation, its bytes (what a dead letter
 * carries), and where it was read.
 */
public record Trigger(
    Invocation invocation, byte[] bytes, String topic, int partition, long offset) {

  /** {@code topic-partition@offset}, as logs and status events name a record. */
  public static String origin(String topic, int partition, long offset) {
    return topic + "-" + partition + "@" + offset;
  }

  /** Where it was read, {@code topic-partition@offset}. */
  public String origin() {
    return origin(topic, partition, offset);
  }

  /** The invocation's id. */
  public String id() {
    return invocation.getInvocationId();
  }
}

package io.punctual.scheduler.internals.intake;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * What one input topic admits, for {@link IntakeProcessor}: how its values are decoded and what
 * makes one valid. Every method but {@link #init} may throw to reject the record.
 *
 * @param <V> the decoded value: a timer definition, a command
 */
public interface IntakeRules<V> {
  /** Called once the processor has its context, e.g. to open a store the rules read. */
  default void init(ProcessorContext<?, ?> context) {}

  /**
   * Decodes a record's value, already within the size limit.
   *
   * @param value the bytes, null for a tombstone
   * @return the value, null for a tombstone the stage accepts (a deletion)
   */
  V decode(String topic, Headers headers, byte[] value);

  /**
   * Validates a decoded value for the timer it is keyed by.
   *
   * @return what goes on to the next stage (e.g. its canonical form)
   */
  V admit(String timerId, V value, long recordTimestamp, long now);

  /** The namespace a value names, for the {@code REJECTED} event; null if none. */
  String namespace(V value);
}

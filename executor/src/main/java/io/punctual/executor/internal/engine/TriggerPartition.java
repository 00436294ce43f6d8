package io.punctual.executor.internal.engine;

/** The assigned partition a trigger was read from, told when a trigger is finished. */
public interface TriggerPartition {
  /** The trigger at this offset is finished: its final outcome is acknowledged by Kafka. */
  void done(long offset);
}

package io.punctual.scheduler.internals.faults;

import io.punctual.serde.SchemaRegistryException;
import org.apache.kafka.common.KafkaException;

/**
 * Tells an infrastructure error from the fault of one record or one timer. Only the former may
 * replace a stream thread: Kafka's own errors (fencing, a store or producer failing, a task
 * migrated; Streams' errors are Kafka errors) and an unreachable schema registry. Anything else
 * thrown while one record or one timer is handled is that record's or that timer's fault: it is
 * dead-lettered or the timer is parked, and the task goes on.
 */
public final class Faults {
  private Faults() {}

  /** Whether {@code error} is an infrastructure error, to be thrown on. */
  static boolean isInfrastructure(RuntimeException error) {
    return error instanceof KafkaException || error instanceof SchemaRegistryException;
  }

  /** Throws {@code error} when it is an infrastructure error; returns otherwise. */
  public static void rethrowInfrastructure(RuntimeException error) {
    if (isInfrastructure(error)) {
      throw error;
    }
  }
}

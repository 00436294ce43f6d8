package io.punctual.scheduler.internals.deliver;

/**
 * Tells what the cluster says of destination topics without blocking a stream thread: an answer not
 * known yet is {@link Destination#UNKNOWN}, and is asked for in the background.
 */
public interface Destinations {
  /** The latest answer about {@code topic}; asks again in the background when it is old. */
  Destination lookup(String topic);

  /**
   * Destinations that all exist, with Kafka's default limits: for topology tests, where the test
   * driver's topics are whatever the topology writes to.
   */
  static Destinations allExist() {
    Destination exists = Destination.exists(1_048_588, Long.MAX_VALUE);
    return topic -> exists;
  }
}

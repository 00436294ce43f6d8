package io.punctual.scheduler.internals.scheduling;

import java.util.function.LongSupplier;

/**
 * The {@link InputPace} of each stream thread: the tasks of one thread share it, whichever thread
 * they move to. One instance per topology.
 */
public final class InputPaces {
  private final ThreadLocal<InputPace> paces;

  /**
   * @param lagMs input processed later than this after its record's timestamp is behind
   * @param firingShare the share of a thread firing may take while input is behind, (0, 1]
   * @param nanoTime a monotonic clock in nanoseconds
   */
  public InputPaces(long lagMs, double firingShare, LongSupplier nanoTime) {
    this.paces = ThreadLocal.withInitial(() -> new InputPace(lagMs, firingShare, nanoTime));
  }

  /** The pace of the calling stream thread. */
  public InputPace ofThisThread() {
    return paces.get();
  }
}

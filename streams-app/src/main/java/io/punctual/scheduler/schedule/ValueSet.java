package io.punctual.scheduler.schedule;

/** An immutable set of small field values (0 to 63: seconds, minutes, hours, months). */
final class ValueSet {
  private final long bits;

  ValueSet(long bits) {
    this.bits = bits;
  }

  /** The smallest member at or above {@code value}, or -1. */
  int nextFrom(int value) {
    if (value > 63) {
      return -1;
    }
    long candidates = bits & (-1L << value);
    return candidates == 0 ? -1 : Long.numberOfTrailingZeros(candidates);
  }

  boolean isEmpty() {
    return bits == 0;
  }
}

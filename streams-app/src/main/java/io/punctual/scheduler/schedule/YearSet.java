package io.punctual.scheduler.schedule;

import java.util.BitSet;

/** The years a cron may fire in: every year, or the members of a Quartz year field. */
final class YearSet {
  static final YearSet ANY = new YearSet(new BitSet(), 0, false);

  private final BitSet offsets;
  private final int base;
  private final boolean restricted;

  private YearSet(BitSet offsets, int base, boolean restricted) {
    this.offsets = offsets;
    this.base = base;
    this.restricted = restricted;
  }

  /** The given years; the set is copied. */
  static YearSet of(BitSet years) {
    int first = years.nextSetBit(0);
    return new YearSet(first < 0 ? new BitSet() : years.get(first, years.length()), first, true);
  }

  boolean isRestricted() {
    return restricted;
  }

  /** The smallest member at or after {@code year}, or -1. */
  int nextFrom(int year) {
    if (!restricted) {
      return year;
    }
    int offset = offsets.nextSetBit(Math.max(0, year - base));
    return offset < 0 ? -1 : base + offset;
  }

  /** The smallest member, or -1 (only for a restricted set). */
  int first() {
    return offsets.isEmpty() ? -1 : base;
  }

  /** The largest member, or -1 (only for a restricted set). */
  int last() {
    return offsets.isEmpty() ? -1 : base + offsets.length() - 1;
  }
}

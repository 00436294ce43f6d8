package io.punctual.scheduler.schedule;

import java.time.Duration;
import java.time.Instant;

/**
 * Deterministic jitter: a delay in {@code [0, max)} derived from the timer id and the nominal
 * instant, so a replay, a restart or another instance computes the same firing instant.
 *
 * <p>The delay is a whole number of milliseconds: a 64-bit FNV-1a hash of the id's UTF-16 code
 * units, mixed with the nominal epoch millisecond by the SplitMix64 finalizer, reduced modulo
 * {@code max} in milliseconds. The algorithm is part of the schedule's meaning: changing it moves
 * every jittered timer.
 */
public final class Jitter {
  private static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private Jitter() {}

  /**
   * The nominal instant delayed by the timer's jitter.
   *
   * @param timerId the timer id
   * @param nominal the instant the schedule gives
   * @param max the exclusive upper bound of the delay; null or less than a millisecond means none
   * @return {@code nominal} plus a delay in {@code [0, max)}
   * @throws IllegalArgumentException if {@code max} is negative
   */
  public static Instant apply(String timerId, Instant nominal, Duration max) {
    if (max == null) {
      return nominal;
    }
    if (max.isNegative()) {
      throw new IllegalArgumentException("jitter must not be negative: " + max);
    }
    long maxMillis = max.toMillis();
    if (maxMillis <= 0) {
      return nominal;
    }
    long hash = mix(hash(timerId) ^ nominal.toEpochMilli());
    return nominal.plusMillis(Long.remainderUnsigned(hash, maxMillis));
  }

  private static long hash(String text) {
    long hash = FNV_OFFSET_BASIS;
    for (int i = 0; i < text.length(); i++) {
      hash = (hash ^ text.charAt(i)) * FNV_PRIME;
    }
    return hash;
  }

  private static long mix(long value) {
    long z = value + 0x9e3779b97f4a7c15L;
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}

package io.punctual.contract;

import io.punctual.RetryPolicy;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The retry arithmetic of a {@link RetryPolicy}: how many attempts, and how long to wait after a
 * failed one.
 *
 * <p>After failed attempt {@code n} (1 for the first), the nominal backoff is {@code
 * min(maxBackoff, initialBackoff × multiplier^(n−1))}. Jitter spreads retries of many invocations
 * apart: the actual wait is drawn uniformly from {@code [(1 − JITTER) × nominal, nominal]}, so it
 * is never longer than the nominal backoff (nor than {@code maxBackoff}) and never shorter than
 * {@value #JITTER_PERCENT}% below it.
 */
public final class RetryBackoff {
  /** Percentage by which jitter may shorten a backoff. */
  public static final int JITTER_PERCENT = 20;

  private static final double JITTER = JITTER_PERCENT / 100.0;

  private final int maxAttempts;
  private final Duration initial;
  private final double multiplier;
  private final Duration max;

  private RetryBackoff(int maxAttempts, Duration initial, double multiplier, Duration max) {
    this.maxAttempts = Math.max(1, maxAttempts);
    this.initial = initial;
    this.multiplier = multiplier;
    this.max = max;
  }

  /**
   * The backoff of a policy; a null policy means a single attempt.
   *
   * @throws io.punctual.InvalidTimerException when the policy breaks the contract's rules
   */
  public static RetryBackoff of(RetryPolicy policy) {
    if (policy == null) {
      return new RetryBackoff(1, Duration.ZERO, 1, Duration.ZERO);
    }
    DefinitionRules.checkRetry(policy);
    return new RetryBackoff(
        policy.getMaxAttempts(),
        DurationRule.INITIAL_BACKOFF.parse(policy.getInitialBackoff()),
        policy.getMultiplier(),
        DurationRule.MAX_BACKOFF.parse(policy.getMaxBackoff()));
  }

  /** Whether an attempt may follow failed attempt {@code attempt}. */
  public boolean hasAttemptAfter(int attempt) {
    return attempt < maxAttempts;
  }

  /** Attempts in all. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The nominal wait after failed attempt {@code attempt}, without jitter. */
  public Duration nominalAfter(int attempt) {
    double millis = initial.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
    double capped = Math.min(max.toMillis(), millis);
    return Duration.ofMillis((long) capped);
  }

  /** The wait after failed attempt {@code attempt}, jittered with {@code random} in [0, 1). */
  public Duration after(int attempt, DoubleSupplier random) {
    long nominal = nominalAfter(attempt).toMillis();
    return Duration.ofMillis(nominal - (long) (nominal * JITTER * random.getAsDouble()));
  }
}

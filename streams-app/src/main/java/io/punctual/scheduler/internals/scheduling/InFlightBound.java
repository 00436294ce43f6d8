package io.punctual.scheduler.internals.scheduling;

import io.punctual.HttpTarget;
import io.punctual.RetryPolicy;
import io.punctual.TimerDefinition;
import io.punctual.contract.DurationRule;
import io.punctual.scheduler.internals.state.LiveTimer;
import io.punctual.scheduler.internals.state.TimerState;
import java.time.Duration;

/**
 * How long a timer waits for the final outcome of its invocation in flight (concurrency {@code
 * FORBID}, fixed delay) before it presumes the outcome lost and goes on: every attempt's timeout,
 * every backoff between them at its longest, plus {@link #GRACE} for the executor's lookahead,
 * queueing and publishing. An outcome lost to a crash or a hostile record then delays the timer by
 * this bound, never forever.
 */
final class InFlightBound {
  /** Slack past the policy's own bound. */
  static final Duration GRACE = Duration.ofMinutes(5);

  /** What a Kafka target's attempt may take: held while its topic is asked about, and more. */
  private static final Duration KAFKA_ATTEMPT = Duration.ofMinutes(2);

  private InFlightBound() {}

  /** The bound, in milliseconds, of an invocation of this definition. */
  static long millis(TimerDefinition definition) {
    Duration attempt =
        definition.getTarget() instanceof HttpTarget http
            ? DurationRule.TIMEOUT.parse(http.getTimeout())
            : KAFKA_ATTEMPT;
    RetryPolicy retry = definition.getRetry();
    if (retry == null) {
      return attempt.plus(GRACE).toMillis();
    }
    long initial = DurationRule.INITIAL_BACKOFF.parse(retry.getInitialBackoff()).toMillis();
    long max = DurationRule.MAX_BACKOFF.parse(retry.getMaxBackoff()).toMillis();
    double backoff = initial;
    long total = GRACE.toMillis() + attempt.toMillis();
    for (int failed = 1; failed < retry.getMaxAttempts(); failed++) {
      total += (long) Math.min(max, backoff) + attempt.toMillis();
      backoff *= retry.getMultiplier();
    }
    return total;
  }

  /** When an invocation in flight since {@code since} is presumed lost. */
  static long expiry(TimerDefinition definition, long since) {
    return since + millis(definition);
  }

  /** When the invocation the timer waits for is presumed lost, or {@code NONE} when none is. */
  static long expiry(LiveTimer state) {
    return state.inFlight() == null
        ? TimerState.NONE
        : expiry(state.definition(), state.inFlightSince());
  }
}

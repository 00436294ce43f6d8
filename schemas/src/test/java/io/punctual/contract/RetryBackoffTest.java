package io.punctual.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.RetryPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {
  private static final RetryBackoff BACKOFF =
      RetryBackoff.of(
          RetryPolicy.newBuilder()
              .setMaxAttempts(5)
              .setInitialBackoff("PT1S")
              .setMultiplier(2.0)
              .setMaxBackoff("PT5S")
              .build());

  @Test
  void shouldGrowExponentiallyUpToTheMaximum() {
    // Given 1 s doubling, capped at 5 s; When / Then
    assertEquals(Duration.ofSeconds(1), BACKOFF.nominalAfter(1));
    assertEquals(Duration.ofSeconds(2), BACKOFF.nominalAfter(2));
    assertEquals(Duration.ofSeconds(4), BACKOFF.nominalAfter(3));
    assertEquals(Duration.ofSeconds(5), BACKOFF.nominalAfter(4));
  }

  @Test
  void shouldJitterWithinTwentyPercentBelowTheNominalBackoff() {
    // Given the extremes of the random draw; When / Then
    assertEquals(Duration.ofSeconds(4), BACKOFF.after(3, () -> 0.0));
    assertEquals(Duration.ofMillis(3200), BACKOFF.after(3, () -> 1.0));
    Duration middle = BACKOFF.after(3, () -> 0.5);
    assertTrue(middle.toMillis() > 3200 && middle.toMillis() < 4000);
  }

  @Test
  void shouldCountAttempts() {
    // Given 5 attempts; When / Then
    assertTrue(BACKOFF.hasAttemptAfter(4));
    assertFalse(BACKOFF.hasAttemptAfter(5));
    assertFalse(RetryBackoff.of(null).hasAttemptAfter(1));
  }
}

package io.punctual.scheduler.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JitterTest {
  private static final Instant NOMINAL = Instant.parse("2026-05-01T12:00:00Z");
  private static final Duration MAX = Duration.ofSeconds(30);

  @Test
  void shouldGiveTheSameInstantOnReplay() {
    // When
    Instant first = Jitter.apply("invoice-42", NOMINAL, MAX);
    Instant replay = Jitter.apply("invoice-42", NOMINAL, MAX);

    // Then
    assertEquals(first, replay);
  }

  @Test
  void shouldStayWithinZeroInclusiveAndMaxExclusive() {
    Set<Instant> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      // Given
      Instant nominal = NOMINAL.plusSeconds(60L * i);

      // When
      Instant jittered = Jitter.apply("timer-" + (i % 7), nominal, MAX);

      // Then
      Duration delay = Duration.between(nominal, jittered);
      assertTrue(!delay.isNegative() && delay.compareTo(MAX) < 0, delay::toString);
      seen.add(jittered.minusSeconds(60L * i));
    }
    assertTrue(seen.size() > 5_000, "delays spread over the range: " + seen.size());
  }

  @Test
  void shouldDependOnTheTimerAndTheNominalInstant() {
    Duration max = Duration.ofHours(1);

    assertNotEquals(Jitter.apply("a", NOMINAL, max), Jitter.apply("b", NOMINAL, max));
    assertNotEquals(
        Duration.between(NOMINAL, Jitter.apply("a", NOMINAL, max)),
        Duration.between(NOMINAL.plusSeconds(60), Jitter.apply("a", NOMINAL.plusSeconds(60), max)));
  }

  @Test
  void shouldLeaveTheInstantAloneWithoutJitter() {
    assertEquals(NOMINAL, Jitter.apply("a", NOMINAL, Duration.ZERO));
    assertEquals(NOMINAL, Jitter.apply("a", NOMINAL, null));
    assertEquals(NOMINAL, Jitter.apply("a", NOMINAL, Duration.ofNanos(999_999)));
  }

  @Test
  void shouldRefuseANegativeMaximum() {
    assertThrows(
        IllegalArgumentException.class, () -> Jitter.apply("a", NOMINAL, Duration.ofSeconds(-1)));
  }
}

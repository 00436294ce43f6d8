package io.punctual.scheduler.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FixedRateSequenceTest {
  private static final Instant FIRST = Instant.parse("2026-05-01T12:00:00Z");

  @Test
  void shouldFireAtFirstThenEveryPeriod() {
    // Given
    FixedRateSequence sequence = new FixedRateSequence(FIRST, Duration.ofMinutes(5));

    // When
    List<String> firings = Firings.walk(sequence, Instant.EPOCH, 3);

    // Then
    assertEquals(
        List.of("2026-05-01T12:00:00Z", "2026-05-01T12:05:00Z", "2026-05-01T12:10:00Z"), firings);
  }

  @Test
  void shouldKeepTheRhythmWhenAskedBetweenFirings() {
    // Given
    FixedRateSequence sequence = new FixedRateSequence(FIRST, Duration.ofMillis(1500));

    // When / Then
    assertEquals(FIRST.plusMillis(1500), sequence.next(FIRST));
    assertEquals(FIRST.plusMillis(4500), sequence.next(FIRST.plusMillis(3001)));
    assertEquals(FIRST.plusMillis(4500), sequence.next(FIRST.plusMillis(3000)));
    assertEquals(FIRST, sequence.next(FIRST.minusNanos(1)));
  }

  @Test
  void shouldEndAtTheEndOfTime() {
    assertNull(
        new FixedRateSequence(FIRST, Duration.ofDays(365)).next(Instant.MAX.minusSeconds(1)));
  }

  @Test
  void shouldRefuseANonPositivePeriod() {
    assertThrows(IllegalArgumentException.class, () -> new FixedRateSequence(FIRST, Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class, () -> new FixedRateSequence(FIRST, Duration.ofSeconds(-1)));
  }
}

package io.punctual.scheduler.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SingleInstantTest {
  private static final Instant AT = Instant.parse("2026-05-01T12:00:00.250Z");

  @Test
  void shouldFireOnceAtTheInstant() {
    // Given
    SingleInstant sequence = new SingleInstant(AT);

    // When / Then
    assertEquals(AT, sequence.next(AT.minusMillis(1)));
    assertEquals(AT, sequence.next(Instant.EPOCH));
    assertNull(sequence.next(AT));
    assertNull(sequence.next(AT.plusSeconds(1)));
  }
}

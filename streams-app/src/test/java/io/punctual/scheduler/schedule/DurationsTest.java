package io.punctual.scheduler.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.InvalidTimerException;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "PT5M, PT5M",
    "PT0.5S, PT0.5S",
    "P1D, PT24H",
    "P1DT2H, PT26H",
    "P2W, PT336H",
    "P1W3D, PT240H",
    "' pt10s ', PT10S"
  })
  void shouldParseIsoDurationsIncludingDaysAndWeeks(String text, String expected) {
    assertEquals(Duration.parse(expected), Durations.parse("schedule.every", text, false));
  }

  @ParameterizedTest(name = "[{0}] allowZero={1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "null",
      textBlock =
          """
          PT0S    | false | must be positive
          -PT5M   | false | must be positive
          -PT5M   | true  | must not be negative
          5m      | true  | not an ISO-8601 duration
          P1M     | true  | months and years have no fixed length
          P1Y     | true  | months and years have no fixed length
          null    | true  | is required
          ''      | true  | is required
          """)
  void shouldRejectBadDurationsNamingTheField(String text, boolean allowZero, String reason) {
    // When
    InvalidTimerException error =
        assertThrows(
            InvalidTimerException.class, () -> Durations.parse("schedule.every", text, allowZero));

    // Then
    assertEquals("schedule.every", error.field());
    assertTrue(error.reason().contains(reason), error.reason());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"PT0S", "P0D"})
  void shouldAcceptZeroWhenAllowed(String text) {
    assertEquals(Duration.ZERO, Durations.parse("jitter", text, true));
  }
}

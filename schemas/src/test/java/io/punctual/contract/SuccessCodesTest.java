package io.punctual.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.InvalidTimerException;
import org.junit.jupiter.api.Test;

class SuccessCodesTest {
  @Test
  void shouldDefaultTo2xx() {
    // Given no list; When / Then
    SuccessCodes codes = SuccessCodes.parse(null);
    assertTrue(codes.matches(200) && codes.matches(299));
    assertFalse(codes.matches(300) || codes.matches(199));
  }

  @Test
  void shouldMatchCodesRangesAndClasses() {
    // Given a mixed list; When / Then
    SuccessCodes codes = SuccessCodes.parse("204, 300-302,4XX");
    assertTrue(codes.matches(204) && codes.matches(301) && codes.matches(404));
    assertFalse(codes.matches(200) || codes.matches(303) || codes.matches(500));
  }

  @Test
  void shouldRejectMalformedElementsNamingThem() {
    // Given bad lists; When / Then
    InvalidTimerException e =
        assertThrows(InvalidTimerException.class, () -> SuccessCodes.parse("2xx,abc"));
    assertTrue(e.getMessage().contains("'abc'"));
    assertThrows(InvalidTimerException.class, () -> SuccessCodes.parse("299-200"));
    assertThrows(InvalidTimerException.class, () -> SuccessCodes.parse("700"));
    assertThrows(InvalidTimerException.class, () -> SuccessCodes.parse("2xx,"));
    assertThrows(InvalidTimerException.class, () -> SuccessCodes.parse("+200"));
  }

  @Test
  void shouldGiveTheCanonicalFormWithoutBlanks() {
    // Given a list with blanks and classes; When / Then
    assertEquals("204,200-299", SuccessCodes.canonical(" 204 , 2XX"));
  }
}

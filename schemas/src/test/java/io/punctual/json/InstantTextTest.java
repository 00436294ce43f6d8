package io.punctual.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InstantTextTest {
  private static final long YEAR_9999 = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();

  @Test
  void shouldFormatEveryMillisecondAsInstantToStringDoes() {
    // Given instants across the years 0000 to 9999 and beyond, whole seconds among them
    Random random = new Random(20261206);
    for (int i = 0; i < 200_000; i++) {
      long millis =
          switch (i % 4) {
            case 0 -> random.nextLong(-62_167_219_200_000L, YEAR_9999 + 1);
            case 1 -> random.nextLong(0, 4_102_444_800_000L) / 1000 * 1000;
            case 2 -> random.nextLong(-100_000_000_000_000L, 300_000_000_000_000L);
            default -> random.nextLong(1_700_000_000_000L, 1_900_000_000_000L);
          };

      // Then the text is Instant's own
      assertEquals(
          Instant.ofEpochMilli(millis).toString(), InstantText.format(millis), "" + millis);
    }
  }

  @Test
  void shouldParseAsOffsetDateTimeDoes() {
    // Given canonical texts of random instants, and texts with other forms
    Random random = new Random(6122026);
    for (int i = 0; i < 100_000; i++) {
      String text =
          Instant.ofEpochMilli(random.nextLong(-62_167_219_200_000L, YEAR_9999)).toString();

      // Then they read as OffsetDateTime reads them
      assertEquals(OffsetDateTime.parse(text).toInstant(), InstantText.parse(text), text);
    }
    for (String text :
        List.of(
            "2026-03-08T08:00:00+01:00",
            "2026-03-08T07:00:00.5Z",
            "2026-03-08T07:00:00.123456Z",
            "2024-02-29T12:00:00Z",
            "2026-04-30T23:59:59.999Z",
            "2026-12-31T00:00:00Z")) {
      assertEquals(OffsetDateTime.parse(text).toInstant(), InstantText.parse(text), text);
    }
  }

  @Test
  void shouldRefuseWhatOffsetDateTimeRefuses() {
    for (String text :
        List.of(
            "2026-02-29T00:00:00Z",
            "2026-04-31T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-00-01T00:00:00Z",
            "2026-01-00T00:00:00Z",
            "2026-01-01T24:00:00Z",
            "2026-01-01T00:60:00Z",
            "2026-01-01T00:00:60Z",
            "2026-01-01T00:00:00.12aZ",
            "2026-01-01 00:00:00.000Z",
            "2026-01-01T00:00:00",
            "+026-01-01T00:00:00Z",
            "2026-1-01T00:00:00.000Z")) {
      assertThrows(DateTimeParseException.class, () -> OffsetDateTime.parse(text), text);
      assertThrows(DateTimeParseException.class, () -> InstantText.parse(text), text);
    }
  }
}

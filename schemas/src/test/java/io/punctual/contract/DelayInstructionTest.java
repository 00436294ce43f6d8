package io.punctual.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.punctual.InvalidTimerException;
import io.punctual.client.DelayedRecords;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DelayInstructionTest {
  private static final long TIMESTAMP = Instant.parse("2026-12-07T10:00:00Z").toEpochMilli();

  @Test
  void shouldReadAnInstantInEitherFormOrADelayFromTheTimestamp() {
    long at = Instant.parse("2026-12-24T17:00:00Z").toEpochMilli();
    assertEquals(
        new DelayInstruction.Deliver("orders", at, null),
        read(DelayedRecords.DELIVER_TO, "orders", DelayedRecords.DELIVER_AT, Long.toString(at)));
    assertEquals(
        new DelayInstruction.Deliver("orders", at, "x"),
        read(
            DelayedRecords.DELIVER_TO,
            "orders",
            DelayedRecords.DELIVER_AT,
            "2026-12-24T18:00:00+01:00",
            DelayedRecords.DELAY_ID,
            "x"));
    assertEquals(
        new DelayInstruction.Deliver("orders", at + 1, null),
        read(
            DelayedRecords.DELIVER_TO,
            "orders",
            DelayedRecords.DELIVER_AT,
            "2026-12-24T17:00:00.0001Z"));
    assertEquals(
        new DelayInstruction.Deliver("orders", TIMESTAMP + 7 * 86_400_000L, null),
        read(DelayedRecords.DELIVER_TO, "orders", DelayedRecords.DELAY, "P1W"));
    assertEquals(
        new DelayInstruction.Cancel("x"),
        read(DelayedRecords.CANCEL, "TRUE", DelayedRecords.DELAY_ID, "x"));
  }

  @Test
  void shouldNameTheHeaderAtFault() {
    assertField(DelayedRecords.DELIVER_AT, DelayedRecords.DELIVER_TO, "orders");
    assertField(
        DelayedRecords.DELIVER_AT,
        DelayedRecords.DELIVER_TO,
        "orders",
        DelayedRecords.DELIVER_AT,
        "99999999999999999999");
    assertField(
        DelayedRecords.DELIVER_AT,
        DelayedRecords.DELIVER_TO,
        "orders",
        DelayedRecords.DELIVER_AT,
        "10000-01-01T00:00:00Z");
    assertField(
        DelayedRecords.DELAY, DelayedRecords.DELIVER_TO, "orders", DelayedRecords.DELAY, "P1M");
    assertField(
        DelayedRecords.DELAY_ID,
        DelayedRecords.DELIVER_TO,
        "orders",
        DelayedRecords.DELAY,
        "PT1S",
        DelayedRecords.DELAY_ID,
        "");
    assertField(DelayedRecords.DELAY_ID, DelayedRecords.CANCEL, "true");
  }

  @Test
  void shouldRefuseAHeaderThatIsNotUtf8() {
    Headers headers = new RecordHeaders();
    headers.add(DelayedRecords.DELIVER_TO, new byte[] {(byte) 0xC3, (byte) 0x28});
    InvalidTimerException error =
        assertThrows(InvalidTimerException.class, () -> DelayInstruction.of(headers, TIMESTAMP));
    assertEquals(DelayedRecords.DELIVER_TO, error.field());
  }

  private static void assertField(String field, String... pairs) {
    InvalidTimerException error = assertThrows(InvalidTimerException.class, () -> read(pairs));
    assertEquals(field, error.field(), error.getMessage());
  }

  private static DelayInstruction read(String... pairs) {
    Headers headers = new RecordHeaders();
    for (int i = 0; i < pairs.length; i += 2) {
      headers.add(pairs[i], pairs[i + 1].getBytes(StandardCharsets.UTF_8));
    }
    return DelayInstruction.of(headers, TIMESTAMP);
  }
}

package io.punctual.contract;

import io.punctual.InvalidTimerException;
import io.punctual.client.DelayedRecords;
import io.punctual.json.InstantText;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * What the headers of a record on the delay topic ask for ({@link DelayedRecords} names them): a
 * delivery of the record at an instant, or the cancel of a pending one. The one reading of those
 * headers, for the scheduler and the CLI. Each error names the header at fault as its field.
 */
public sealed interface DelayInstruction {
  /** Longest {@value DelayedRecords#DELAY_ID}, in UTF-8 bytes. */
  int MAX_DELAY_ID_BYTES = Limits.MAX_ID_BYTES;

  /**
   * Deliver the record to {@code destination} at {@code at} (epoch milliseconds), under {@code
   * delayId}, or under its position on the delay topic when {@code delayId} is null.
   */
  record Deliver(String destination, long at, String delayId) implements DelayInstruction {}

  /** Cancel the pending delivery with the record's key and {@code delayId}. */
  record Cancel(String delayId) implements DelayInstruction {}

  /**
   * Reads the instruction of a delayed record.
   *
   * @param timestamp the record's timestamp, from which {@value DelayedRecords#DELAY} counts
   * @throws InvalidTimerException naming the header at fault: a required one missing, one given
   *     twice, both an instant and a delay, a value that is not UTF-8 or does not parse, an instant
   *     outside {@link Limits#EARLIEST} to {@link Limits#LATEST}
   */
  static DelayInstruction of(Headers headers, long timestamp) {
    String cancel = single(headers, DelayedRecords.CANCEL);
    String delayId = single(headers, DelayedRecords.DELAY_ID);
    if (delayId != null
        && (delayId.isEmpty()
            || delayId.getBytes(StandardCharsets.UTF_8).length > MAX_DELAY_ID_BYTES)) {
      throw new InvalidTimerException(
          DelayedRecords.DELAY_ID, "must be 1 to " + MAX_DELAY_ID_BYTES + " UTF-8 bytes");
    }
    if (cancel != null && !"false".equalsIgnoreCase(cancel)) {
      if (!"true".equalsIgnoreCase(cancel)) {
        throw new InvalidTimerException(DelayedRecords.CANCEL, "is true or false, not " + cancel);
      }
      if (delayId == null) {
        throw new InvalidTimerException(
            DelayedRecords.DELAY_ID, "is required to cancel: the id of the delivery to cancel");
      }
      return new Cancel(delayId);
    }
    String destination = single(headers, DelayedRecords.DELIVER_TO);
    if (destination == null) {
      throw new InvalidTimerException(
          DelayedRecords.DELIVER_TO, "is required: the topic to deliver the record to");
    }
    return new Deliver(destination, instant(headers, timestamp), delayId);
  }

  /**
   * Reads {@value DelayedRecords#DELIVER_AT}: an ISO-8601 instant with an offset ({@code
   * 2026-12-24T18:00:00Z}), or epoch milliseconds; finer than a millisecond is rounded up.
   *
   * @throws InvalidTimerException naming {@value DelayedRecords#DELIVER_AT}
   */
  static long deliverAt(String text) {
    String field = DelayedRecords.DELIVER_AT;
    long millis;
    if (!text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      try {
        millis = Long.parseLong(text);
      } catch (NumberFormatException e) {
        throw new InvalidTimerException(field, "is too large: " + text);
      }
    } else {
      try {
        Instant instant = InstantText.parse(text.strip());
        Instant truncated = instant.truncatedTo(ChronoUnit.MILLIS);
        millis = truncated.toEpochMilli() + (truncated.equals(instant) ? 0 : 1);
      } catch (DateTimeException | ArithmeticException e) {
        throw new InvalidTimerException(
            field,
            "expected an ISO-8601 instant such as 2026-12-24T18:00:00Z, or epoch milliseconds,"
                + " got "
                + text);
      }
    }
    return inRange(field, millis);
  }

  private static long instant(Headers headers, long timestamp) {
    String at = single(headers, DelayedRecords.DELIVER_AT);
    String delay = single(headers, DelayedRecords.DELAY);
    if (at != null && delay != null) {
      throw new InvalidTimerException(
          DelayedRecords.DELAY,
          "give " + DelayedRecords.DELIVER_AT + " or " + DelayedRecords.DELAY + ", not both");
    }
    if (at != null) {
      return deliverAt(at);
    }
    if (delay == null) {
      throw new InvalidTimerException(
          DelayedRecords.DELIVER_AT,
          "is required, or "
              + DelayedRecords.DELAY
              + ": when to deliver the record (an instant, or a duration after its timestamp)");
    }
    Duration duration = Durations.parse(DelayedRecords.DELAY, delay);
    long millis;
    try {
      millis = Math.addExact(Math.max(0, timestamp), duration.toMillis());
    } catch (ArithmeticException e) {
      throw new InvalidTimerException(DelayedRecords.DELAY, "is too long: " + delay);
    }
    return inRange(DelayedRecords.DELAY, millis);
  }

  private static long inRange(String field, long millis) {
    if (millis < Limits.EARLIEST.toEpochMilli() || millis > Limits.LATEST.toEpochMilli()) {
      throw new InvalidTimerException(
          field, "the instant must be between " + Limits.EARLIEST + " and " + Limits.LATEST);
    }
    return millis;
  }

  /** The UTF-8 value of a header given at most once; null when absent. */
  private static String single(Headers headers, String name) {
    String value = null;
    for (Header header : headers.headers(name)) {
      if (value != null) {
        throw new InvalidTimerException(name, "is given more than once");
      }
      value = utf8(name, header.value());
    }
    return value;
  }

  private static String utf8(String name, byte[] bytes) {
    if (bytes == null) {
      throw new InvalidTimerException(name, "has no value");
    }
    return Utf8Text.decode(bytes)
        .orElseThrow(() -> new InvalidTimerException(name, "is not UTF-8 text"));
  }
}

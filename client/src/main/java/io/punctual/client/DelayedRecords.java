package io.punctual.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Delayed records: any record, written to Punctual's delay topic with a few headers, is delivered
 * to its destination topic at an instant, never before, exactly once (inside the scheduler's Kafka
 * transaction), with the same key, value and headers, partitioned by its key.
 *
 * <pre>{@code
 * ProducerRecord<String, String> order = new ProducerRecord<>("orders", "order-42", "{...}");
 * producer.send(DelayedRecords.deliverIn(order, Duration.ofMinutes(30)));
 * }</pre>
 *
 * <p>The headers, for producers in any language:
 *
 * <ul>
 *   <li>{@value #DELIVER_TO}: the destination topic (required);
 *   <li>{@value #DELIVER_AT}: the instant, ISO-8601 ({@code 2026-12-24T18:00:00Z}) or epoch
 *       milliseconds; or {@value #DELAY}: an ISO-8601 duration ({@code PT30M}, {@code P2D}) counted
 *       from the record's timestamp. Exactly one of the two;
 *   <li>{@value #DELAY_ID} (optional): names the delivery, to cancel or replace it; the default is
 *       the record's own position on the delay topic, {@link #defaultId};
 *   <li>{@value #CANCEL}: {@code true} on a record with the same key and {@value #DELAY_ID} cancels
 *       the pending delivery (after delivery, it does nothing).
 * </ul>
 *
 * <p>Headers whose names start with {@value #HEADER_PREFIX} are Punctual's: they are not delivered.
 * The delivered record carries {@value #SCHEDULED_AT} (the instant, epoch milliseconds) and the
 * origin of the delayed record ({@value #ORIGIN_TOPIC}, {@value #ORIGIN_PARTITION}, {@value
 * #ORIGIN_OFFSET}), and has the instant as its timestamp.
 *
 * <p>Instants and delays finer than a millisecond are rounded up to the next millisecond, so a
 * record is never delivered early.
 */
public final class DelayedRecords {
  /** The delay topic of a deployment with the default topic prefix. */
  public static final String DEFAULT_TOPIC = "punctual.delayed";

  /** Prefix of Punctual's header names; such headers are never delivered. */
  public static final String HEADER_PREFIX = "punctual-";

  /** The destination topic. */
  public static final String DELIVER_TO = "punctual-deliver-to";

  /** The instant: ISO-8601, or epoch milliseconds as decimal text. */
  public static final String DELIVER_AT = "punctual-deliver-at";

  /** The delay: an ISO-8601 duration, counted from the record's timestamp. */
  public static final String DELAY = "punctual-delay";

  /** The delivery's id, to cancel or replace it; unique per key. */
  public static final String DELAY_ID = "punctual-delay-id";

  /** {@code true}: cancels the pending delivery with this key and {@value #DELAY_ID}. */
  public static final String CANCEL = "punctual-cancel";

  /** On a delivered record: its instant, epoch milliseconds as decimal text. */
  public static final String SCHEDULED_AT = "punctual-scheduled-at";

  /** On a delivered record: the delay topic it was read from. */
  public static final String ORIGIN_TOPIC = "punctual-origin-topic";

  /** On a delivered record: the partition of the delay topic it was read from. */
  public static final String ORIGIN_PARTITION = "punctual-origin-partition";

  /** On a delivered record: its offset on the delay topic. */
  public static final String ORIGIN_OFFSET = "punctual-origin-offset";

  private static final Set<String> INSTRUCTIONS = Set.of(DELIVER_TO, DELIVER_AT, DELAY, CANCEL);
  private static final long NANOS_PER_MILLI = 1_000_000;

  private DelayedRecords() {}

  /**
   * The record, to be delivered to its topic at {@code at}: a record for {@value #DEFAULT_TOPIC}
   * with the same key, value, timestamp and headers, plus the delay headers.
   *
   * @throws IllegalArgumentException when {@code at} is before 1970
   */
  public static <K, V> ProducerRecord<K, V> deliverAt(ProducerRecord<K, V> record, Instant at) {
    return deliverAt(record, at, DEFAULT_TOPIC);
  }

  /** As {@link #deliverAt(ProducerRecord, Instant)}, through the delay topic {@code delayTopic}. */
  public static <K, V> ProducerRecord<K, V> deliverAt(
      ProducerRecord<K, V> record, Instant at, String delayTopic) {
    Objects.requireNonNull(at, "at");
    if (at.isBefore(Instant.EPOCH)) {
      throw new IllegalArgumentException("a delivery instant is at or after 1970: " + at);
    }
    long millis = at.toEpochMilli() + (at.getNano() % NANOS_PER_MILLI == 0 ? 0 : 1);
    return delayed(record, delayTopic, DELIVER_AT, Instant.ofEpochMilli(millis).toString());
  }

  /**
   * The record, to be delivered to its topic {@code delay} after its timestamp (the time of the
   * send, when the record has none).
   *
   * @throws IllegalArgumentException when {@code delay} is negative
   */
  public static <K, V> ProducerRecord<K, V> deliverIn(ProducerRecord<K, V> record, Duration delay) {
    return deliverIn(record, delay, DEFAULT_TOPIC);
  }

  /**
   * As {@link #deliverIn(ProducerRecord, Duration)}, through the delay topic {@code delayTopic}.
   */
  public static <K, V> ProducerRecord<K, V> deliverIn(
      ProducerRecord<K, V> record, Duration delay, String delayTopic) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("a delay is not negative: " + delay);
    }
    Duration rounded =
        delay.getNano() % NANOS_PER_MILLI == 0
            ? delay
            : delay
                .withNanos((int) (delay.getNano() / NANOS_PER_MILLI * NANOS_PER_MILLI))
                .plusMillis(1);
    return delayed(record, delayTopic, DELAY, rounded.toString());
  }

  /**
   * The delayed record with an id of its own, to cancel it with {@link #cancel} or replace it with
   * a later record of the same key and id.
   */
  public static <K, V> ProducerRecord<K, V> withId(ProducerRecord<K, V> delayed, String delayId) {
    requireText(delayId, "delayId");
    Headers headers = copyWithout(delayed.headers(), Set.of(DELAY_ID));
    headers.add(DELAY_ID, utf8(delayId));
    return new ProducerRecord<>(
        delayed.topic(), null, delayed.timestamp(), delayed.key(), delayed.value(), headers);
  }

  /**
   * A record that cancels the pending delivery of {@code key} and {@code delayId} on {@value
   * #DEFAULT_TOPIC}.
   */
  public static <K, V> ProducerRecord<K, V> cancel(K key, String delayId) {
    return cancel(key, delayId, DEFAULT_TOPIC);
  }

  /** As {@link #cancel(Object, String)}, on the delay topic {@code delayTopic}. */
  public static <K, V> ProducerRecord<K, V> cancel(K key, String delayId, String delayTopic) {
    requireText(delayId, "delayId");
    requireText(delayTopic, "delayTopic");
    Headers headers = new RecordHeaders();
    headers.add(CANCEL, utf8("true"));
    headers.add(DELAY_ID, utf8(delayId));
    return new ProducerRecord<>(delayTopic, null, null, key, null, headers);
  }

  /**
   * The id of a delayed record sent without {@value #DELAY_ID}: its position on the delay topic,
   * {@code <topic>-<partition>@<offset>} (from the {@code RecordMetadata} of the send).
   */
  public static String defaultId(String topic, int partition, long offset) {
    return topic + "-" + partition + "@" + offset;
  }

  private static <K, V> ProducerRecord<K, V> delayed(
      ProducerRecord<K, V> record, String delayTopic, String when, String value) {
    requireText(delayTopic, "delayTopic");
    Headers headers = copyWithout(record.headers(), INSTRUCTIONS);
    headers.add(DELIVER_TO, utf8(record.topic()));
    headers.add(when, utf8(value));
    return new ProducerRecord<>(
        delayTopic, null, record.timestamp(), record.key(), record.value(), headers);
  }

  private static Headers copyWithout(Headers headers, Set<String> names) {
    RecordHeaders copy = new RecordHeaders();
    for (Header header : headers) {
      if (!names.contains(header.key())) {
        copy.add(header);
      }
    }
    return copy;
  }

  private static void requireText(String text, String name) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException(name + " is required");
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}

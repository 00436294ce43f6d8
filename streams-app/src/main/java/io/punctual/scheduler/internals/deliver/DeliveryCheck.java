package io.punctual.scheduler.internals.deliver;

import io.punctual.InvalidTimerException;
import io.punctual.contract.TopicAllowlist;
import io.punctual.scheduler.SchedulerConfig;
import org.apache.kafka.common.header.Headers;

/**
 * Decides, at its instant, whether a record can be written to its destination inside the
 * scheduler's transaction, where a broker's refusal would abort the transaction and come back at
 * every retry: the topic must be allowed, exist, be writable, take a record of that size, and keep
 * a timestamp that old (else the time of delivery is the record's timestamp). One per processor:
 * not shared between threads.
 */
public final class DeliveryCheck {
  /**
   * A record older than its destination's {@code message.timestamp.before.max.ms} less this is
   * delivered with the time of delivery as its timestamp rather than its instant.
   */
  public static final long TIMESTAMP_MARGIN_MS = 60_000;

  private final CheckedDestinations allowed;
  private final Destinations destinations;

  /**
   * @param allowlist the topics records may be delivered to
   * @param field the field named when a topic is not allowed ({@code punctual-deliver-to})
   * @param destinations what the cluster says of topics
   */
  public DeliveryCheck(TopicAllowlist allowlist, String field, Destinations destinations) {
    this.allowed = new CheckedDestinations(allowlist, field);
    this.destinations = destinations;
  }

  /** What to do with a record now. */
  public sealed interface Verdict {}

  /** The destination is not known yet: ask again later, the question is on its way. */
  public record Hold() implements Verdict {}

  /** Write the record with this timestamp. */
  public record Send(long timestamp) implements Verdict {}

  /**
   * The record cannot be delivered there, for this reason; {@code permanent} when no retry can cure
   * it (the topic is not allowed), rather than until the cluster changes.
   */
  public record Refuse(String reason, boolean permanent) implements Verdict {}

  private static final Hold HOLD = new Hold();

  /**
   * Checks that {@code topic} is allowed, and asks about it in the background so that its answer is
   * known by the record's instant.
   *
   * @throws InvalidTimerException naming the field when it is not allowed
   */
  public void allow(String topic) {
    allowed.check(topic);
    destinations.lookup(topic);
  }

  /** Whether and how a record due at {@code instant} is written to {@code topic} at {@code now}. */
  public Verdict verdict(
      String topic, byte[] key, byte[] value, Headers headers, long instant, long now) {
    Destination destination;
    try {
      allowed.check(topic);
      destination = destinations.lookup(topic);
    } catch (InvalidTimerException e) {
      return new Refuse(e.getMessage(), true);
    }
    return switch (destination.status()) {
      case UNKNOWN -> HOLD;
      case ABSENT ->
          new Refuse(
              "topic "
                  + topic
                  + " does not exist; destinations are created only with "
                  + SchedulerConfig.DELAY_CREATE_TOPICS_CONFIG
                  + "=true",
              false);
      case REFUSED -> new Refuse(destination.reason(), false);
      case EXISTS -> sized(topic, key, value, headers, instant, now, destination);
    };
  }

  private static Verdict sized(
      String topic,
      byte[] key,
      byte[] value,
      Headers headers,
      long instant,
      long now,
      Destination destination) {
    int size = RecordSize.upperBound(key, value, headers);
    if (size > destination.maxMessageBytes()) {
      return new Refuse(
          "a record of up to "
              + size
              + " bytes exceeds max.message.bytes="
              + destination.maxMessageBytes()
              + " of topic "
              + topic,
          false);
    }
    boolean tooOld = now - instant > destination.timestampBeforeMaxMs() - TIMESTAMP_MARGIN_MS;
    return new Send(tooOld ? now : instant);
  }
}

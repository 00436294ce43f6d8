package io.punctual.scheduler.internals.deliver;

/**
 * What the cluster said of a destination topic, as far as a delivery needs it: whether it can take
 * the record now, and the limits that would make the broker refuse it (a refusal inside the
 * scheduler's transaction would abort it, and the record would be refused again at every retry).
 *
 * @param status whether the topic exists and may be written
 * @param maxMessageBytes the topic's {@code max.message.bytes}
 * @param timestampBeforeMaxMs the topic's {@code message.timestamp.before.max.ms}: how old a
 *     record's timestamp may be (when the topic keeps the producer's timestamps)
 * @param reason why the topic cannot take records, for {@link Status#REFUSED}
 */
public record Destination(
    Status status, int maxMessageBytes, long timestampBeforeMaxMs, String reason) {
  /** Whether the topic can take records. */
  public enum Status {
    /** Not known yet: the question is on its way. */
    UNKNOWN,
    /** The topic exists and may be written. */
    EXISTS,
    /** The topic does not exist. */
    ABSENT,
    /** The topic cannot be written ({@link #reason}). */
    REFUSED
  }

  public static final Destination UNKNOWN =
      new Destination(Status.UNKNOWN, 0, Long.MAX_VALUE, null);
  public static final Destination ABSENT = new Destination(Status.ABSENT, 0, Long.MAX_VALUE, null);

  public static Destination exists(int maxMessageBytes, long timestampBeforeMaxMs) {
    return new Destination(Status.EXISTS, maxMessageBytes, timestampBeforeMaxMs, null);
  }

  public static Destination refused(String reason) {
    return new Destination(Status.REFUSED, 0, Long.MAX_VALUE, reason);
  }
}

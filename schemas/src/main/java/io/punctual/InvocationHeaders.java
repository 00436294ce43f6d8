package io.punctual;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The plain headers every trigger, status record and dead letter carries, so that any tool can read
 * them without a schema, and the invocation id rules.
 */
public final class InvocationHeaders {
  /** The timer id. */
  public static final String TIMER_ID = "punctual-timer-id";

  /** The invocation id. */
  public static final String INVOCATION_ID = "punctual-invocation-id";

  /** The scheduled instant of the attempt, epoch millis as decimal text. */
  public static final String SCHEDULED_AT = "punctual-scheduled-at";

  /** The attempt number. */
  public static final String ATTEMPT = "punctual-attempt";

  /**
   * On the status events the scheduler publishes: {@value #SCHEDULER}. The scheduler keeps such an
   * event in the timer's history as it publishes it, and does not keep it again when it reads it
   * back.
   */
  public static final String SOURCE = "punctual-source";

  /** The {@link #SOURCE} of the scheduler's own status events. */
  public static final String SCHEDULER = "scheduler";

  private static final byte[] SCHEDULER_BYTES = SCHEDULER.getBytes(StandardCharsets.UTF_8);

  private InvocationHeaders() {}

  /** Headers of a status event the scheduler publishes: those of {@link #of}, and its source. */
  public static Headers ofScheduler(String timerId, String invocationId, Long scheduledAt) {
    Headers headers = of(timerId, invocationId, scheduledAt, null);
    headers.add(SOURCE, SCHEDULER_BYTES);
    return headers;
  }

  /** Whether a status record's headers name the scheduler as its source. */
  public static boolean fromScheduler(Headers headers) {
    Header source = headers.lastHeader(SOURCE);
    return source != null && Arrays.equals(source.value(), SCHEDULER_BYTES);
  }

  /**
   * Headers of one invocation attempt; {@code invocationId}, {@code scheduledAt} and {@code
   * attempt} may be null for timer-level events, and are then left out.
   */
  public static Headers of(String timerId, String invocationId, Long scheduledAt, Integer attempt) {
    RecordHeaders headers = new RecordHeaders();
    add(headers, TIMER_ID, timerId);
    add(headers, INVOCATION_ID, invocationId);
    add(headers, SCHEDULED_AT, scheduledAt == null ? null : Long.toString(scheduledAt));
    add(headers, ATTEMPT, attempt == null ? null : Integer.toString(attempt));
    return headers;
  }

  /** Adds a UTF-8 text header; a null value is left out. */
  public static void add(Headers headers, String name, String value) {
    if (value != null) {
      headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** The invocation id of a scheduled firing: {@code <timerId>@<scheduledEpochMillis>}. */
  public static String invocationId(String timerId, long scheduledAt) {
    return timerId + "@" + scheduledAt;
  }

  /** The invocation id of a manual firing: {@code <timerId>@manual-<commandId>}. */
  public static String manualInvocationId(String timerId, String commandId) {
    return timerId + "@manual-" + commandId;
  }
}

package io.punctual.scheduler.internals;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** The plain headers every trigger and status record carries, readable without a schema. */
public final class InvocationHeaders {
  public static final String TIMER_ID = "punctual-timer-id";
  public static final String INVOCATION_ID = "punctual-invocation-id";
  public static final String SCHEDULED_AT = "punctual-scheduled-at";
  public static final String ATTEMPT = "punctual-attempt";

  private InvocationHeaders() {}

  /** Headers of one invocation attempt; {@code invocationId} may be null for timer-level events. */
  public static Headers of(String timerId, String invocationId, Long scheduledAt, Integer attempt) {
    RecordHeaders headers = new RecordHeaders();
    add(headers, TIMER_ID, timerId);
    add(headers, INVOCATION_ID, invocationId);
    add(headers, SCHEDULED_AT, scheduledAt == null ? null : Long.toString(scheduledAt));
    add(headers, ATTEMPT, attempt == null ? null : Integer.toString(attempt));
    return headers;
  }

  private static void add(Headers headers, String name, String value) {
    if (value != null) {
      headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** The invocation id of a scheduled firing: {@code <timerId>@<scheduledEpochMillis>}. */
  public static String invocationId(String timerId, long scheduledAt) {
    return timerId + "@" + scheduledAt;
  }
}

package io.punctual.executor.internal;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** The plain headers every trigger, status record and dead letter carries. */
public final class InvocationHeaders {
  /** The timer id. */
  public static final String TIMER_ID = "punctual-timer-id";

  /** The invocation id. */
  public static final String INVOCATION_ID = "punctual-invocation-id";

  /** The scheduled instant, epoch millis as decimal text. */
  public static final String SCHEDULED_AT = "punctual-scheduled-at";

  /** The attempt number. */
  public static final String ATTEMPT = "punctual-attempt";

  /** On a dead letter: what went wrong. */
  public static final String ERROR = "punctual-error";

  /** On a dead letter: topic-partition@offset of the trigger. */
  public static final String ORIGIN = "punctual-origin";

  private InvocationHeaders() {}

  /** Fresh headers naming an invocation's attempt. */
  public static Headers of(String timerId, String invocationId, long scheduledAt, int attempt) {
    Headers headers = new RecordHeaders();
    add(headers, TIMER_ID, timerId);
    add(headers, INVOCATION_ID, invocationId);
    add(headers, SCHEDULED_AT, Long.toString(scheduledAt));
    add(headers, ATTEMPT, Integer.toString(attempt));
    return headers;
  }

  /** Adds a text header. */
  public static void add(Headers headers, String name, String value) {
    headers.add(name, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }
}

package io.punctual.contract;

import io.punctual.InvocationHeaders;
import org.apache.kafka.common.header.Headers;

/**
 * The headers a record on {@code <prefix>.dead-letters} carries beside its original key, value and
 * headers, whichever part of Punctual put it there (the scheduler's intake of timers and commands,
 * or the executor for a trigger it gave up on or could not read). README's "Topics" lists them.
 */
public final class DeadLetterHeaders {
  /** What went wrong, in words. */
  public static final String ERROR = "punctual-error";

  /** The definition field at fault, for a rejected definition or command. */
  public static final String ERROR_FIELD = "punctual-error-field";

  /** The class of the error that rejected the record. */
  public static final String ERROR_CLASS = "punctual-error-class";

  /**
   * The namespace of the timer the letter is about, as Punctual read it; absent when it could not
   * be read. Only Punctual sets it: a header of this name on the original record is dropped. {@code
   * GET /dead-letters} shows a letter to the tokens of this namespace, and one without it to admin
   * tokens only.
   */
  public static final String NAMESPACE = "punctual-error-namespace";

  /** The topic of the record that was dead-lettered. */
  public static final String ORIGIN_TOPIC = "punctual-origin-topic";

  /** Its partition. */
  public static final String ORIGIN_PARTITION = "punctual-origin-partition";

  /** Its offset. */
  public static final String ORIGIN_OFFSET = "punctual-origin-offset";

  private DeadLetterHeaders() {}

  /** Adds the error's description. */
  public static void error(Headers headers, String error) {
    InvocationHeaders.add(headers, ERROR, error);
  }

  /**
   * Drops any {@link #NAMESPACE} the original record carried and adds {@code namespace}, unless it
   * is null.
   */
  public static void namespace(Headers headers, String namespace) {
    headers.remove(NAMESPACE);
    if (namespace != null) {
      InvocationHeaders.add(headers, NAMESPACE, namespace);
    }
  }

  /** Adds where the dead-lettered record was read. */
  public static void origin(Headers headers, String topic, int partition, long offset) {
    InvocationHeaders.add(headers, ORIGIN_TOPIC, topic);
    InvocationHeaders.add(headers, ORIGIN_PARTITION, Integer.toString(partition));
    InvocationHeaders.add(headers, ORIGIN_OFFSET, Long.toString(offset));
  }
}

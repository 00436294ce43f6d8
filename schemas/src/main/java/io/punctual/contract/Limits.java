package io.punctual.contract;

import java.time.Duration;
import java.time.Instant;

/**
 * The documented range of every value of a timer definition. The API, the scheduler's intake, the
 * executor and the CLI all check against these, through {@link DefinitionRules} and {@link
 * Durations}; the README's limits table lists the same numbers.
 */
public final class Limits {
  /** Longest timer id, in UTF-8 bytes. */
  public static final int MAX_ID_BYTES = 512;

  /** Longest namespace, in characters. */
  public static final int MAX_NAMESPACE_LENGTH = 128;

  /** Earliest instant a definition may name. */
  public static final Instant EARLIEST = Instant.EPOCH;

  /** Latest instant a definition may name, and the latest instant anything fires at. */
  public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

  /** Longest {@code after} delay. */
  public static final Duration MAX_DELAY = Duration.ofDays(36_525);

  /** Shortest {@code every} period: a timer cannot fire more than once a second. */
  public static final Duration MIN_PERIOD = Duration.ofSeconds(1);

  /** Longest {@code every} period. */
  public static final Duration MAX_PERIOD = Duration.ofDays(36_525);

  /** Longest {@code jitter}. */
  public static final Duration MAX_JITTER = Duration.ofDays(7);

  /** Longest HTTP {@code timeout}. */
  public static final Duration MAX_TIMEOUT = Duration.ofMinutes(15);

  /** Longest {@code retry.initialBackoff} and {@code retry.maxBackoff}. */
  public static final Duration MAX_BACKOFF = Duration.ofDays(7);

  /** Most attempts of a retry policy. */
  public static final int MAX_ATTEMPTS = 1000;

  /** Smallest and largest {@code retry.multiplier}. */
  public static final double MIN_MULTIPLIER = 1.0;

  /** Largest {@code retry.multiplier}. */
  public static final double MAX_MULTIPLIER = 100.0;

  /** Longest HTTP URL, in characters. */
  public static final int MAX_URL_LENGTH = 8192;

  /** Largest HTTP body or Kafka key or value of a target, in UTF-8 bytes. */
  public static final int MAX_PAYLOAD_BYTES = 256 * 1024;

  /** Most headers of a target. */
  public static final int MAX_HEADERS = 64;

  /** Longest header name, in characters. */
  public static final int MAX_HEADER_NAME_LENGTH = 256;

  /** Longest header value, in characters. */
  public static final int MAX_HEADER_VALUE_LENGTH = 8192;

  /** Most labels of a timer. */
  public static final int MAX_LABELS = 64;

  /** Longest label name, in characters. */
  public static final int MAX_LABEL_NAME_LENGTH = 128;

  /** Longest label value, in characters. */
  public static final int MAX_LABEL_VALUE_LENGTH = 1024;

  /** Longest success-code list, in characters. */
  public static final int MAX_SUCCESS_CODES_LENGTH = 256;

  private Limits() {}
}

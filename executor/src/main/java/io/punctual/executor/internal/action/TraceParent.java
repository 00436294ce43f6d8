package io.punctual.executor.internal.action;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * W3C Trace Context {@code traceparent} values. The trace id is derived from the invocation id (the
 * first 16 bytes of its SHA-256), so every attempt of an invocation, on any executor, belongs to
 * the same trace; each attempt gets a fresh random span id.
 */
public final class TraceParent {
  private static final HexFormat HEX = HexFormat.of();

  private TraceParent() {}

  /** {@code 00-<trace id>-<span id>-01} for an attempt of the invocation. */
  public static String forAttempt(String invocationId) {
    return "00-" + traceId(invocationId) + "-" + spanId() + "-01";
  }

  /** The 32 hex digits of the invocation's trace id. */
  public static String traceId(String invocationId) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(invocationId.getBytes(StandardCharsets.UTF_8));
      digest[0] |= 1; // never the all-zero (invalid) id
      return HEX.formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static String spanId() {
    long span = ThreadLocalRandom.current().nextLong() | 1L;
    return HEX.toHexDigits(span);
  }
}

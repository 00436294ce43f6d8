package io.punctual.contract;

import io.punctual.InvalidTimerException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rules for the headers a definition sets on its target. Names are HTTP tokens; values have no line
 * breaks; the headers the executor owns ({@code Host}, {@code Content-Length}, {@code
 * Idempotency-Key}, {@code traceparent}, …) may not be set. A value may be a secret reference,
 * {@code ${secret:NAME}}, which the executor resolves from its own environment, so that the secret
 * never travels through Kafka. Values under credential-looking names are redacted wherever a
 * definition is shown.
 */
public final class TargetHeaders {
  /** What a redacted value reads. */
  public static final String REDACTED = "<redacted>";

  private static final Set<String> OWNED =
      Set.of(
          "host",
          "content-length",
          "transfer-encoding",
          "connection",
          "keep-alive",
          "upgrade",
          "te",
          "trailer",
          "expect",
          "proxy-connection",
          "idempotency-key",
          "traceparent",
          "tracestate");

  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Pattern SECRET = Pattern.compile("\\$\\{secret:([A-Za-z0-9_.-]{1,128})}");
  private static final Pattern CREDENTIAL =
      Pattern.compile(
          "(proxy-)?authorization|cookie|set-cookie|.*(api[-_]?key|token|secret|password|"
              + "passwd|credential|signature|session).*");

  private TargetHeaders() {}

  /**
   * Checks a target's headers: HTTP headers, whose values are text, or a Kafka target's, whose
   * values are text or bytes ({@link ByteBuffer}).
   *
   * @param field the dotted path of the headers ({@code target.http.headers})
   * @param http whether they are HTTP headers, where the executor's own names are refused; a Kafka
   *     target's may not refer to a secret, since every reader of its topic would see it
   * @throws InvalidTimerException naming the header when one breaks a rule
   */
  public static void check(String field, Map<String, ?> headers, boolean http) {
    if (headers.size() > Limits.MAX_HEADERS) {
      throw new InvalidTimerException(field, "more than " + Limits.MAX_HEADERS + " headers");
    }
    headers.forEach(
        (name, value) -> {
          String path = field + "." + name;
          if (name.length() > Limits.MAX_HEADER_NAME_LENGTH || !TOKEN.matcher(name).matches()) {
            throw new InvalidTimerException(
                field, "'" + JsonSafe.quote(name) + "' is not a header name (an HTTP token)");
          }
          String folded = name.toLowerCase(Locale.ROOT);
          if (folded.startsWith("punctual-") || (http && OWNED.contains(folded))) {
            throw new InvalidTimerException(
                path,
                http
                    ? "is set by the executor and may not be defined"
                    : "is a header Punctual sets on the records it writes and may not be defined");
          }
          if (value instanceof ByteBuffer bytes && !http) {
            if (bytes.remaining() > Limits.MAX_HEADER_VALUE_LENGTH) {
              throw new InvalidTimerException(
                  path, "longer than " + Limits.MAX_HEADER_VALUE_LENGTH + " bytes");
            }
            return;
          }
          String text = String.valueOf(value);
          if (text.length() > Limits.MAX_HEADER_VALUE_LENGTH) {
            throw new InvalidTimerException(
                path, "longer than " + Limits.MAX_HEADER_VALUE_LENGTH + " characters");
          }
          if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\0') >= 0) {
            throw new InvalidTimerException(path, "contains a line break or NUL");
          }
          if (!http && mentionsSecret(text)) {
            throw new InvalidTimerException(
                path,
                "refers to a secret: secrets are resolved for HTTP targets only, since every"
                    + " reader of a Kafka target's topic would see them");
          }
        });
  }

  /** Whether a header name looks like it carries a credential. */
  public static boolean isCredential(String name) {
    return CREDENTIAL.matcher(name.toLowerCase(Locale.ROOT)).matches();
  }

  /** The secret a value refers to ({@code ${secret:NAME}} gives NAME), or null when none. */
  public static String secretName(String value) {
    Matcher matcher = SECRET.matcher(value.strip());
    return matcher.matches() ? matcher.group(1) : null;
  }

  /** Whether a value contains a secret reference anywhere (a typo'd one is still not sent). */
  public static boolean mentionsSecret(String value) {
    return value.contains("${secret:");
  }

  /**
   * A copy of {@code headers} fit to show: values under credential-looking names are replaced by
   * {@link #REDACTED}, unless they are secret references (which hold no secret).
   */
  public static Map<String, String> redacted(Map<String, String> headers) {
    return redacted(headers, REDACTED);
  }

  /**
   * A copy of {@code headers} fit to show, whose values are text or bytes: a value under a
   * credential-looking name becomes {@code redacted}, unless it is a secret reference.
   */
  public static <V> Map<String, V> redacted(Map<String, V> headers, V redacted) {
    Map<String, V> shown = new LinkedHashMap<>();
    headers.forEach(
        (name, value) ->
            shown.put(
                name,
                isCredential(name)
                        && !(value instanceof CharSequence text
                            && secretName(text.toString()) != null)
                    ? redacted
                    : value));
    return shown;
  }

  /** Printable text for a name in an error: control characters escaped, at most 80 characters. */
  private static final class JsonSafe {
    static String quote(String text) {
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < text.length() && out.length() < 80; i++) {
        char c = text.charAt(i);
        out.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : c);
      }
      return out.toString();
    }
  }
}

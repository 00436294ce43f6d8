package io.punctual.contract;

import io.punctual.InvalidTimerException;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Headers a producer of timer definitions may set to say where a record comes from; the outbox
 * connector ({@code connectors/outbox-source.json}) sets both from the outbox row.
 *
 * <ul>
 *   <li>{@value #OUTBOX_ID}: the outbox row's id. A rejection's reason starts with {@code outbox
 *       row <id>:}, so the row at fault can be found from the dead letter or the {@code REJECTED}
 *       event.
 *   <li>{@value #NAMESPACE}: the namespace the row was written for. A definition naming another
 *       namespace is rejected.
 * </ul>
 */
public final class SourceHeaders {
  /** The id of the outbox row a record was made from. */
  public static final String OUTBOX_ID = "punctual-outbox-id";

  /** The namespace the record's producer wrote it for. */
  public static final String NAMESPACE = "punctual-namespace";

  /** How much of a header's text a rejection quotes. */
  static final int MAX_QUOTED = 64;

  private SourceHeaders() {}

  /**
   * The source a rejection names, {@code outbox row <id>}, when the record has an {@value
   * #OUTBOX_ID} header: at most {@value #MAX_QUOTED} characters of it, control characters replaced.
   */
  public static Optional<String> source(Headers headers) {
    return text(headers, OUTBOX_ID).map(id -> "outbox row " + quoted(id));
  }

  /** The error with its source, when the record names one, at the start of its reason. */
  public static InvalidTimerException withSource(Headers headers, InvalidTimerException error) {
    return source(headers)
        .<InvalidTimerException>map(
            source ->
                new InvalidTimerException(
                    error.field(), source + ": " + error.reason(), error.getCause()))
        .orElse(error);
  }

  /**
   * Refuses a definition whose namespace differs from the record's {@value #NAMESPACE} header, when
   * there is one.
   */
  public static void checkNamespace(Headers headers, String namespace) {
    Optional<String> expected = text(headers, NAMESPACE);
    if (expected.isPresent() && !expected.get().equals(namespace)) {
      throw new InvalidTimerException(
          "namespace",
          "the definition names namespace '"
              + quoted(namespace)
              + "' but the record was written for namespace '"
              + quoted(expected.get())
              + "' (header "
              + NAMESPACE
              + ")");
    }
  }

  private static Optional<String> text(Headers headers, String name) {
    Header header = headers == null ? null : headers.lastHeader(name);
    if (header == null || header.value() == null) {
      return Optional.empty();
    }
    return Optional.of(Utf8Text.decode(header.value()).orElse("(not UTF-8)"));
  }

  private static String quoted(String text) {
    String bounded = text.length() > MAX_QUOTED ? text.substring(0, MAX_QUOTED) + "…" : text;
    StringBuilder clean = new StringBuilder(bounded.length());
    bounded.codePoints().forEach(c -> clean.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return clean.toString();
  }
}

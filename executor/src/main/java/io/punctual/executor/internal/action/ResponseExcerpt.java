package io.punctual.executor.internal.action;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** The first bytes of a response body as text, for status events. */
final class ResponseExcerpt {
  private ResponseExcerpt() {}

  /**
   * At most {@code maxBytes} bytes of the body decoded as UTF-8 (a character cut at the limit is
   * dropped; malformed bytes become U+FFFD), followed by an ellipsis when the body was longer; null
   * for an empty body or a zero limit.
   */
  static String of(byte[] body, int maxBytes) {
    if (body == null || body.length == 0 || maxBytes <= 0) {
      return null;
    }
    int length = Math.min(body.length, maxBytes);
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    CharBuffer text = CharBuffer.allocate(length);
    decoder.decode(ByteBuffer.wrap(body, 0, length), text, true);
    text.flip();
    return body.length > maxBytes ? text + "…" : text.toString();
  }
}

package io.punctual.scheduler.internals.delay;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * An upper bound of the bytes a record takes alone in an uncompressed record batch, the size a
 * broker checks against a topic's {@code max.message.bytes}: the batch header, then each
 * variable-length field at its longest.
 */
final class RecordSize {
  private static final int BATCH_OVERHEAD = 61;
  private static final int VARINT = 5;
  private static final int VARLONG = 10;

  private RecordSize() {}

  static int upperBound(byte[] key, byte[] value, Headers headers) {
    long size =
        BATCH_OVERHEAD
            + VARINT // record length
            + 1 // attributes
            + VARLONG // timestamp delta
            + VARINT // offset delta
            + VARINT
            + length(key)
            + VARINT
            + length(value)
            + VARINT; // header count
    for (Header header : headers) {
      size += VARINT + utf8Length(header.key()) + VARINT + length(header.value());
    }
    return (int) Math.min(Integer.MAX_VALUE, size);
  }

  /** The length of {@code text} in UTF-8, without encoding it. */
  static int utf8Length(String text) {
    int length = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        length += 1;
      } else if (c < 0x800) {
        length += 2;
      } else if (Character.isHighSurrogate(c)) {
        length += 4;
        i++;
      } else {
        length += 3;
      }
    }
    return length;
  }

  private static int length(byte[] bytes) {
    return bytes == null ? 0 : bytes.length;
  }
}

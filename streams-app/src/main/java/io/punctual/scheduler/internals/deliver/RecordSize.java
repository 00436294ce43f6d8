package io.punctual.scheduler.internals.deliver;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.utils.Utils;

/**
 * An upper bound of the bytes a record takes alone in an uncompressed record batch, the size a
 * broker checks against a topic's {@code max.message.bytes}: the batch header, then each
 * variable-length field at its longest.
 */
public final class RecordSize {
  private static final int BATCH_OVERHEAD = 61;
  private static final int VARINT = 5;
  private static final int VARLONG = 10;

  private RecordSize() {}

  public static int upperBound(byte[] key, byte[] value, Headers headers) {
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
      size += VARINT + Utils.utf8Length(header.key()) + VARINT + length(header.value());
    }
    return (int) Math.min(Integer.MAX_VALUE, size);
  }

  private static int length(byte[] bytes) {
    return bytes == null ? 0 : bytes.length;
  }
}

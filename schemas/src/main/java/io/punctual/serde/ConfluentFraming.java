package io.punctual.serde;

import io.punctual.InvalidTimerException;
import java.nio.ByteBuffer;

/** The Confluent wire format: the magic byte 0, a big-endian 4-byte schema id, the payload. */
final class ConfluentFraming {
  static final byte MAGIC_BYTE = 0;
  static final int HEADER_LENGTH = 5;

  private ConfluentFraming() {}

  static byte[] header(int schemaId) {
    return ByteBuffer.allocate(HEADER_LENGTH).put(MAGIC_BYTE).putInt(schemaId).array();
  }

  /**
   * The schema id of framed bytes.
   *
   * @throws InvalidTimerException when the bytes do not start with a Confluent header
   */
  static int schemaId(byte[] data) {
    if (data.length < HEADER_LENGTH || data[0] != MAGIC_BYTE) {
      throw new InvalidTimerException(
          InvalidTimerException.WHOLE_RECORD,
          "not Confluent-framed Avro: expected the magic byte 0 and a 4-byte schema id, got "
              + data.length
              + " bytes");
    }
    return ByteBuffer.wrap(data, 1, 4).getInt();
  }
}

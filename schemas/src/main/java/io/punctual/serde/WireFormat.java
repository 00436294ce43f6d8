package io.punctual.serde;

/** Tells the encodings Punctual accepts apart by their first bytes. */
enum WireFormat {
  /** Confluent-framed Avro: the magic byte 0. */
  CONFLUENT_AVRO,
  /** A JSON object: an opening brace after optional whitespace or a UTF-8 byte-order mark. */
  JSON,
  /** Anything else. */
  UNKNOWN;

  static WireFormat of(byte[] data) {
    if (data.length > 0 && data[0] == ConfluentFraming.MAGIC_BYTE) {
      return CONFLUENT_AVRO;
    }
    int start = startsWithByteOrderMark(data) ? 3 : 0;
    for (int i = start; i < data.length; i++) {
      byte b = data[i];
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return b == '{' ? JSON : UNKNOWN;
      }
    }
    return UNKNOWN;
  }

  private static boolean startsWithByteOrderMark(byte[] data) {
    return data.length >= 3
        && data[0] == (byte) 0xEF
        && data[1] == (byte) 0xBB
        && data[2] == (byte) 0xBF;
  }
}

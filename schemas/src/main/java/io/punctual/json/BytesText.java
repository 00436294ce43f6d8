package io.punctual.json;

import java.util.List;
import org.apache.avro.Schema;

/**
 * How a field that is text or bytes reads in JSON: text as a JSON string, bytes as {@code
 * {"base64": "<standard base64>"}}, so that a definition written before the field took bytes reads
 * the same.
 */
final class BytesText {
  /** The one key of the JSON form of bytes. */
  static final String BASE64 = "base64";

  private BytesText() {}

  /** Whether a union's non-null branches are exactly text and bytes. */
  static boolean isTextOrBytes(List<Schema> branches) {
    return branches.size() == 2
        && branches.get(0).getType() == Schema.Type.STRING
        && branches.get(1).getType() == Schema.Type.BYTES;
  }
}

package io.punctual.scheduler.internals.delay;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A delayed record waiting for its instant, as the delayed-records store keeps it: what to deliver
 * (key, value, the headers to deliver), where, when, and how to find it again (its offset on the
 * delay topic, and its delay id when the producer named one).
 *
 * @param at the instant, epoch milliseconds
 * @param offset the record's offset on its partition of the delay topic
 * @param delayId the producer's delay id, or null for the default id (the offset)
 * @param key the record's key, null when it had none
 * @param value the record's value, null when it had none
 * @param headers the headers to deliver (the record's, less Punctual's)
 */
record PendingDelivery(
    long at,
    long offset,
    String destination,
    String delayId,
    byte[] key,
    byte[] value,
    Headers headers) {
  private static final byte VERSION = 1;
  private static final int ABSENT = -1;

  /** The store value: the fields but the instant and the offset, which the store key holds. */
  byte[] encode() {
    byte[] to = destination.getBytes(StandardCharsets.UTF_8);
    byte[] id = delayId == null ? null : delayId.getBytes(StandardCharsets.UTF_8);
    Header[] all = headers.toArray();
    int size = 1 + 4 + to.length + sized(id) + sized(key) + sized(value) + 4;
    for (Header header : all) {
      size += sized(header.key().getBytes(StandardCharsets.UTF_8)) + sized(header.value());
    }
    ByteBuffer buffer = ByteBuffer.allocate(size).put(VERSION);
    put(buffer, to);
    put(buffer, id);
    put(buffer, key);
    put(buffer, value);
    buffer.putInt(all.length);
    for (Header header : all) {
      put(buffer, header.key().getBytes(StandardCharsets.UTF_8));
      put(buffer, header.value());
    }
    return buffer.array();
  }

  /** Reads a store value back, with the instant and the offset of its key. */
  static PendingDelivery decode(long at, long offset, byte[] stored) {
    ByteBuffer buffer = ByteBuffer.wrap(stored);
    byte version = buffer.get();
    if (version != VERSION) {
      throw new IllegalStateException("unknown delayed-record layout " + version);
    }
    String destination = text(get(buffer));
    byte[] id = get(buffer);
    byte[] key = get(buffer);
    byte[] value = get(buffer);
    int count = buffer.getInt();
    RecordHeaders headers = new RecordHeaders();
    for (int i = 0; i < count; i++) {
      headers.add(text(get(buffer)), get(buffer));
    }
    return new PendingDelivery(
        at, offset, destination, id == null ? null : text(id), key, value, headers);
  }

  private static int sized(byte[] bytes) {
    return 4 + (bytes == null ? 0 : bytes.length);
  }

  private static void put(ByteBuffer buffer, byte[] bytes) {
    if (bytes == null) {
      buffer.putInt(ABSENT);
    } else {
      buffer.putInt(bytes.length).put(bytes);
    }
  }

  private static byte[] get(ByteBuffer buffer) {
    int length = buffer.getInt();
    if (length == ABSENT) {
      return null;
    }
    byte[] bytes = new byte[length];
    buffer.get(bytes);
    return bytes;
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}

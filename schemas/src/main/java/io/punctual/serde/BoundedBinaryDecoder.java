package io.punctual.serde;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.SystemLimitException;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * Avro binary decoding of one record held in a byte array, which checks every length the record
 * declares against the bytes it has before allocating anything for it.
 *
 * <ul>
 *   <li>a string or bytes value may not be longer than the bytes that remain;
 *   <li>a block of array or map items may not hold more items than the bytes that remain, and all
 *       the collections of the record together no more items than the record has bytes: an item
 *       takes at least one byte that is its own (a collection of items that encode to nothing, such
 *       as {@code null}, is refused beyond that many items);
 *   <li>Avro's own limits ({@link SystemLimitException}, set by system properties) apply too.
 * </ul>
 *
 * <p>A declared length beyond the input throws {@link EOFException} before anything is allocated:
 * Avro's {@code BinaryDecoder} allocates the declared length first and finds the input short only
 * after, so a few bytes declaring a 2 GB string cost 2 GB of heap there.
 */
final class BoundedBinaryDecoder extends Decoder {
  private final byte[] data;
  private final int limit;
  private final int length;
  private int position;
  private long items;

  /** Decodes {@code length} bytes of {@code data} from {@code offset}. */
  BoundedBinaryDecoder(byte[] data, int offset, int length) {
    this.data = data;
    this.position = offset;
    this.limit = offset + length;
    this.length = length;
  }

  /** Whether every byte has been read. */
  boolean isEnd() {
    return position == limit;
  }

  @Override
  public void readNull() {}

  @Override
  public boolean readBoolean() throws IOException {
    require(1, "a boolean");
    return data[position++] != 0;
  }

  @Override
  public int readInt() throws IOException {
    long value = readLong();
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw new IOException("an int out of range: " + value);
    }
    return (int) value;
  }

  @Override
  public long readLong() throws IOException {
    long raw = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      require(1, "a variable-length integer");
      byte b = data[position++];
      raw |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return (raw >>> 1) ^ -(raw & 1);
      }
    }
    throw new IOException("a variable-length integer longer than 10 bytes");
  }

  @Override
  public float readFloat() throws IOException {
    return Float.intBitsToFloat((int) readLittleEndian(4, "a float"));
  }

  @Override
  public double readDouble() throws IOException {
    return Double.longBitsToDouble(readLittleEndian(8, "a double"));
  }

  @Override
  public Utf8 readString(Utf8 old) throws IOException {
    int size = declaredLength("a string", SystemLimitException::checkMaxStringLength);
    Utf8 result = old == null ? new Utf8() : old;
    result.setByteLength(size);
    System.arraycopy(data, position, result.getBytes(), 0, size);
    position += size;
    return result;
  }

  @Override
  public String readString() throws IOException {
    int size = declaredLength("a string", SystemLimitException::checkMaxStringLength);
    String result = new String(data, position, size, StandardCharsets.UTF_8);
    position += size;
    return result;
  }

  @Override
  public void skipString() throws IOException {
    int size = declaredLength("a string", SystemLimitException::checkMaxStringLength);
    position += size;
  }

  @Override
  public ByteBuffer readBytes(ByteBuffer old) throws IOException {
    int size = declaredLength("bytes", SystemLimitException::checkMaxBytesLength);
    ByteBuffer result;
    if (old != null && size <= old.capacity()) {
      result = old;
      result.clear();
    } else {
      result = ByteBuffer.allocate(size);
    }
    result.put(data, position, size).flip();
    position += size;
    return result;
  }

  @Override
  public void skipBytes() throws IOException {
    int size = declaredLength("bytes", SystemLimitException::checkMaxBytesLength);
    position += size;
  }

  @Override
  public void readFixed(byte[] bytes, int start, int size) throws IOException {
    require(size, "a fixed of " + size + " bytes");
    System.arraycopy(data, position, bytes, start, size);
    position += size;
  }

  @Override
  public void skipFixed(int size) throws IOException {
    require(size, "a fixed of " + size + " bytes");
    position += size;
  }

  @Override
  public int readEnum() throws IOException {
    return readInt();
  }

  @Override
  public long readArrayStart() throws IOException {
    return readItemCount();
  }

  @Override
  public long arrayNext() throws IOException {
    return readItemCount();
  }

  @Override
  public long skipArray() throws IOException {
    return skipItems();
  }

  @Override
  public long readMapStart() throws IOException {
    return readItemCount();
  }

  @Override
  public long mapNext() throws IOException {
    return readItemCount();
  }

  @Override
  public long skipMap() throws IOException {
    return skipItems();
  }

  @Override
  public int readIndex() throws IOException {
    return readInt();
  }

  /** The item count of the next block; a negative count is followed by the block's byte size. */
  private long readItemCount() throws IOException {
    long count = readLong();
    if (count < 0) {
      readLong();
      count = -count;
    }
    return checkItems(count);
  }

  /** Skips blocks whose byte size is given; returns the item count of the first block without. */
  private long skipItems() throws IOException {
    while (true) {
      long count = readLong();
      if (count >= 0) {
        return checkItems(count);
      }
      long size = readLong();
      if (size < 0 || size > limit - position) {
        throw new EOFException(
            "a block of " + size + " bytes is declared but " + (limit - position) + " remain");
      }
      checkItems(-count);
      position += (int) size;
    }
  }

  private long checkItems(long count) throws IOException {
    if (count < 0 || count > limit - position || items + count > length) {
      throw new EOFException(
          "a block of "
              + count
              + " items is declared but "
              + (limit - position)
              + " bytes remain, and a record of "
              + length
              + " bytes holds at most "
              + (length - items)
              + " more items");
    }
    SystemLimitException.checkMaxCollectionLength(count);
    items += count;
    return count;
  }

  /** Reads a length prefix and checks it against Avro's limit and the remaining bytes. */
  private int declaredLength(String what, LimitCheck avroLimit) throws IOException {
    long declared = readLong();
    if (declared < 0 || declared > limit - position) {
      throw new EOFException(
          what
              + " of "
              + declared
              + " bytes is declared but "
              + (limit - position)
              + " bytes remain");
    }
    return avroLimit.check(declared);
  }

  private long readLittleEndian(int size, String what) throws IOException {
    require(size, what);
    long value = 0;
    for (int i = 0; i < size; i++) {
      value |= (data[position + i] & 0xffL) << (8 * i);
    }
    position += size;
    return value;
  }

  private void require(int size, String what) throws EOFException {
    if (size > limit - position) {
      throw new EOFException(
          "the record ends inside " + what + " (" + (limit - position) + " bytes remain)");
    }
  }

  @FunctionalInterface
  private interface LimitCheck {
    int check(long length);
  }
}

package io.punctual.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/** Avro bytes written by hand in tests, independently of the serializer under test. */
final class AvroBytes {
  private static final GenericData DATA = new GenericData();

  static {
    DATA.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
  }

  private AvroBytes() {}

  static byte[] framed(int schemaId, GenericRecord record) {
    byte[] avro = encode(record);
    return ByteBuffer.allocate(5 + avro.length).put((byte) 0).putInt(schemaId).put(avro).array();
  }

  static byte[] encode(GenericRecord record) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
      new GenericDatumWriter<GenericRecord>(record.getSchema(), DATA).write(record, encoder);
      encoder.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads bytes as a generic record with plain Avro types (Utf8, Long), as most tools do. */
  static GenericRecord decodeGeneric(byte[] avro, Schema schema) {
    try {
      return new GenericDatumReader<GenericRecord>(schema)
          .read(null, DecoderFactory.get().binaryDecoder(avro, null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

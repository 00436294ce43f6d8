package io.punctual.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

/** The bounded decoder reads every Avro type as Avro's own decoder does. */
class BoundedBinaryDecoderTest {
  private static final Schema WRITER =
      new Schema.Parser()
          .parse(
              """
              {"type": "record", "name": "All", "fields": [
                {"name": "i", "type": "int"},
                {"name": "l", "type": "long"},
                {"name": "f", "type": "float"},
                {"name": "d", "type": "double"},
                {"name": "b", "type": "boolean"},
                {"name": "n", "type": "null"},
                {"name": "raw", "type": "bytes"},
                {"name": "s", "type": "string"},
                {"name": "fx", "type": {"type": "fixed", "name": "Four", "size": 4}},
                {"name": "e", "type": {"type": "enum", "name": "E", "symbols": ["A", "B", "C"]}},
                {"name": "u", "type": ["null", "string"]},
                {"name": "longs", "type": {"type": "array", "items": "long"}},
                {"name": "nulls", "type": {"type": "array", "items": "null"}},
                {"name": "ints", "type": {"type": "map", "values": "int"}},
                {"name": "skipped", "type": {"type": "array", "items": "string"}},
                {"name": "skippedMap", "type": {"type": "map", "values": "string"}},
                {"name": "skippedText", "type": "string"},
                {"name": "skippedBytes", "type": "bytes"},
                {"name": "skippedFixed", "type": "Four"}
              ]}
              """);

  /** The writer without its skipped fields: reading with it skips them. */
  private static final Schema READER =
      Schema.createRecord(
          "All",
          null,
          null,
          false,
          WRITER.getFields().stream()
              .filter(field -> !field.name().startsWith("skipped"))
              .map(field -> new Schema.Field(field, field.schema()))
              .toList());

  @Test
  void shouldReadEveryTypeAsAvrosDecoderDoes() throws IOException {
    for (boolean blocking : new boolean[] {false, true}) {
      // Given a record encoded plainly, or in blocks that carry their byte size
      byte[] avro = encode(record(), blocking);
      GenericDatumReader<GenericRecord> reader = new GenericDatumReader<>(WRITER, READER);

      // When
      BoundedBinaryDecoder bounded = new BoundedBinaryDecoder(avro, 0, avro.length);
      GenericRecord read = reader.read(null, bounded);
      GenericRecord expected = reader.read(null, DecoderFactory.get().binaryDecoder(avro, null));

      // Then
      assertEquals(expected, read);
      assertTrue(bounded.isEnd());
    }
  }

  private static GenericRecord record() {
    Schema four = WRITER.getField("fx").schema();
    GenericRecord record = new GenericData.Record(WRITER);
    record.put("i", Integer.MIN_VALUE);
    record.put("l", Long.MAX_VALUE);
    record.put("f", -1.5f);
    record.put("d", Math.PI);
    record.put("b", true);
    record.put("n", null);
    record.put("raw", ByteBuffer.wrap(new byte[] {0, -1, 127}));
    record.put("s", "héllo ✓");
    record.put("fx", new GenericData.Fixed(four, new byte[] {1, 2, 3, 4}));
    record.put("e", new GenericData.EnumSymbol(WRITER.getField("e").schema(), "C"));
    record.put("u", "x");
    record.put("longs", List.of(-1L, 0L, 1L << 40));
    record.put("nulls", Arrays.asList(null, null, null));
    record.put("ints", Map.of("a", 1, "b", -2));
    record.put("skipped", List.of("p", "q"));
    record.put("skippedMap", Map.of("k", "v"));
    record.put("skippedText", "gone");
    record.put("skippedBytes", ByteBuffer.wrap(new byte[] {9}));
    record.put("skippedFixed", new GenericData.Fixed(four, new byte[] {5, 6, 7, 8}));
    return record;
  }

  private static byte[] encode(GenericRecord record, boolean blocking) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder =
        blocking
            ? EncoderFactory.get().blockingBinaryEncoder(out, null)
            : EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(WRITER).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}

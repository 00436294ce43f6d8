package io.punctual.serde;

import io.punctual.InvalidTimerException;
import io.punctual.TimerDefinition;
import io.punctual.json.AvroJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;

/** Turns what a pluggable value deserializer yields into a {@link TimerDefinition}. */
public final class TimerDefinitions {
  private static final GenericData GENERIC = genericDataWithTimestamps();
  private static final Map<Schema, DatumReader<TimerDefinition>> READERS =
      new ConcurrentHashMap<>();

  private TimerDefinitions() {}

  /**
   * A timer definition from a {@link TimerDefinition}, an Avro {@link GenericRecord} of a schema
   * compatible with it (what Confluent's {@code KafkaAvroDeserializer} yields), or a {@code String}
   * or {@code byte[]} of JSON.
   *
   * @throws InvalidTimerException when the value is none of these or cannot be read as a timer
   */
  public static TimerDefinition coerce(Object value) {
    if (value instanceof TimerDefinition) {
      return (TimerDefinition) value;
    }
    if (value instanceof GenericRecord) {
      return fromGeneric((GenericRecord) value);
    }
    if (value instanceof String) {
      return AvroJson.fromJson((String) value, TimerDefinition.class);
    }
    if (value instanceof byte[]) {
      return AvroJson.fromJson((byte[]) value, TimerDefinition.class);
    }
    throw new InvalidTimerException(
        InvalidTimerException.WHOLE_RECORD,
        "cannot read a timer definition from "
            + (value == null ? "null" : "a " + value.getClass().getName()));
  }

  private static TimerDefinition fromGeneric(GenericRecord record) {
    Schema writer = record.getSchema();
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
      new GenericDatumWriter<GenericRecord>(writer, GENERIC).write(record, encoder);
      encoder.flush();
      DatumReader<TimerDefinition> reader =
          READERS.computeIfAbsent(
              writer,
              schema -> new SpecificDatumReader<>(schema, TimerDefinition.getClassSchema()));
      return reader.read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    } catch (IOException | RuntimeException e) {
      throw new InvalidTimerException(
          InvalidTimerException.WHOLE_RECORD,
          "a record of schema "
              + writer.getFullName()
              + " cannot be read as a TimerDefinition: "
              + e,
          e);
    }
  }

  private static GenericData genericDataWithTimestamps() {
    GenericData data = new GenericData();
    data.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
    return data;
  }
}

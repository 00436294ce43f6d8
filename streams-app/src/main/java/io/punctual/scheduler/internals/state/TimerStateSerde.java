package io.punctual.scheduler.internals.state;

import io.punctual.state.StoredTimerState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Store encoding of {@link TimerState}: one byte, the layout version, then the state as a {@link
 * StoredTimerState} in Avro binary. The version is the schema's {@code layoutVersion}; the schema
 * of every version released is kept as the resource {@code timer-state-v<version>.avsc}, and state
 * written under an older one is read through Avro schema resolution into the current schema. The
 * hand-written layouts 2, 3 and 4 that came before are still read ({@link LegacyLayout}).
 * Thread-safe: one instance serves every task.
 */
public final class TimerStateSerde implements Serde<TimerState> {
  /** The first layout stored in Avro. */
  static final byte FIRST_AVRO_VERSION = 5;

  /** The layout written: the current schema's {@code layoutVersion}. */
  static final byte VERSION = layoutVersion(StoredTimerState.getClassSchema());

  private final SpecificDatumWriter<StoredTimerState> writer =
      new SpecificDatumWriter<>(StoredTimerState.class);
  private final Map<Byte, SpecificDatumReader<StoredTimerState>> readers = readers();
  private final LegacyLayout legacy = new LegacyLayout();

  @Override
  public Serializer<TimerState> serializer() {
    return (topic, state) -> state == null ? null : encode(state);
  }

  @Override
  public Deserializer<TimerState> deserializer() {
    return (topic, bytes) -> bytes == null ? null : decode(bytes);
  }

  byte[] encode(TimerState state) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    out.write(VERSION);
    try {
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
      writer.write(TimerStateRecords.toRecord(state), encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new SerializationException("cannot encode timer state", e);
    }
    return out.toByteArray();
  }

  TimerState decode(byte[] bytes) {
    byte version = bytes[0];
    if (LegacyLayout.reads(version)) {
      return legacy.decode(bytes);
    }
    SpecificDatumReader<StoredTimerState> reader = readers.get(version);
    if (reader == null) {
      throw new SerializationException("unknown timer state format version " + version);
    }
    try {
      BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, 1, bytes.length - 1, null);
      return TimerStateRecords.fromRecord(reader.read(null, decoder));
    } catch (IOException e) {
      throw new SerializationException("cannot decode timer state of version " + version, e);
    }
  }

  /** The schema layout {@code version} was written with. */
  static Schema releasedSchema(int version) {
    String name = "timer-state-v" + version + ".avsc";
    try (InputStream in = TimerStateSerde.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(
            "no schema " + name + " for timer state version " + version);
      }
      return new Schema.Parser().parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A reader per released Avro layout, from its writer schema into the current one; the current
   * layout's released schema is the class's own (TimerStateSerdeTest checks it).
   */
  private static Map<Byte, SpecificDatumReader<StoredTimerState>> readers() {
    Map<Byte, SpecificDatumReader<StoredTimerState>> readers = new HashMap<>();
    for (byte version = FIRST_AVRO_VERSION; version < VERSION; version++) {
      readers.put(
          version,
          new SpecificDatumReader<>(releasedSchema(version), StoredTimerState.getClassSchema()));
    }
    readers.put(VERSION, new SpecificDatumReader<>(StoredTimerState.class));
    return Map.copyOf(readers);
  }

  private static byte layoutVersion(Schema schema) {
    Object version = schema.getObjectProp("layoutVersion");
    if (!(version instanceof Integer number) || number < FIRST_AVRO_VERSION) {
      throw new IllegalStateException("no valid layoutVersion in schema " + schema.getFullName());
    }
    return number.byteValue();
  }
}

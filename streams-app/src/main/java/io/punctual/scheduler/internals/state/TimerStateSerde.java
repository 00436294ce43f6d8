package io.punctual.scheduler.internals.state;

import io.punctual.TimerDefinition;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
 * Store encoding of {@link TimerState}: a format version byte, six big-endian longs, the in-flight
 * invocation id (a big-endian int length, -1 for none, then UTF-8), the pause override (one byte:
 * -1 none, 0 resumed, 1 paused), the remembered command ids (a big-endian int count, then each as a
 * length and UTF-8), when the invocation in flight was emitted (a big-endian long), then the
 * definition in Avro binary. Version 3 has no emission time of the invocation in flight (its cursor
 * stands for it); version 2, written before commands existed, has neither the override nor the
 * command ids. Both are still read. Thread-safe: one instance serves every task.
 */
public final class TimerStateSerde implements Serde<TimerState> {
  private static final byte VERSION = 4;
  private static final byte VERSION_WITHOUT_IN_FLIGHT_SINCE = 3;
  private static final byte VERSION_WITHOUT_COMMANDS = 2;
  private static final int LONGS_BYTES = 1 + 6 * Long.BYTES;
  private static final int ABSENT = -1;

  private final SpecificDatumWriter<TimerDefinition> writer =
      new SpecificDatumWriter<>(TimerDefinition.class);
  private final SpecificDatumReader<TimerDefinition> reader =
      new SpecificDatumReader<>(TimerDefinition.class);

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
    byte[] inFlight =
        state.inFlight() == null ? new byte[0] : state.inFlight().getBytes(StandardCharsets.UTF_8);
    ByteBuffer header = ByteBuffer.allocate(LONGS_BYTES + Integer.BYTES + inFlight.length);
    header
        .put(VERSION)
        .putLong(state.anchor())
        .putLong(state.cursor())
        .putLong(state.nextNominal())
        .putLong(state.nextDue())
        .putLong(state.firings())
        .putLong(state.lastOutcome())
        .putInt(state.inFlight() == null ? ABSENT : inFlight.length)
        .put(inFlight);
    out.write(header.array(), 0, header.capacity());
    out.write(state.pauseOverride() == null ? ABSENT : state.pauseOverride() ? 1 : 0);
    writeInt(out, state.recentCommands().size());
    for (String commandId : state.recentCommands()) {
      byte[] id = commandId.getBytes(StandardCharsets.UTF_8);
      writeInt(out, id.length);
      out.write(id, 0, id.length);
    }
    out.write(
        ByteBuffer.allocate(Long.BYTES).putLong(state.inFlightSince()).array(), 0, Long.BYTES);
    try {
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
      writer.write(state.definition(), encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new SerializationException("cannot encode timer state", e);
    }
    return out.toByteArray();
  }

  TimerState decode(byte[] bytes) {
    ByteBuffer header = ByteBuffer.wrap(bytes);
    byte version = header.get();
    if (version != VERSION
        && version != VERSION_WITHOUT_IN_FLIGHT_SINCE
        && version != VERSION_WITHOUT_COMMANDS) {
      throw new SerializationException("unknown timer state format version " + version);
    }
    long anchor = header.getLong();
    long cursor = header.getLong();
    long nextNominal = header.getLong();
    long nextDue = header.getLong();
    long firings = header.getLong();
    long lastOutcome = header.getLong();
    int inFlightBytes = header.getInt();
    String inFlight = null;
    if (inFlightBytes != ABSENT) {
      inFlight = new String(bytes, header.position(), inFlightBytes, StandardCharsets.UTF_8);
      header.position(header.position() + inFlightBytes);
    }
    Boolean pauseOverride = null;
    List<String> recentCommands = new ArrayList<>();
    if (version != VERSION_WITHOUT_COMMANDS) {
      byte override = header.get();
      pauseOverride = override == ABSENT ? null : override == 1;
      int count = header.getInt();
      for (int i = 0; i < count; i++) {
        int length = header.getInt();
        recentCommands.add(new String(bytes, header.position(), length, StandardCharsets.UTF_8));
        header.position(header.position() + length);
      }
    }
    long inFlightSince = inFlight == null ? TimerState.NONE : cursor;
    if (version == VERSION) {
      inFlightSince = header.getLong();
    }
    int start = header.position();
    try {
      BinaryDecoder decoder =
          DecoderFactory.get().binaryDecoder(bytes, start, bytes.length - start, null);
      TimerDefinition definition = reader.read(null, decoder);
      return new TimerState(
          definition,
          anchor,
          cursor,
          nextNominal,
          nextDue,
          firings,
          inFlight,
          inFlightSince,
          lastOutcome,
          pauseOverride,
          recentCommands);
    } catch (IOException e) {
      throw new SerializationException("cannot decode timer state", e);
    }
  }

  private static void writeInt(ByteArrayOutputStream out, int value) {
    out.write(ByteBuffer.allocate(Integer.BYTES).putInt(value).array(), 0, Integer.BYTES);
  }
}

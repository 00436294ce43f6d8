package io.punctual.scheduler.internals.state;

import io.punctual.TimerDefinition;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Reads the hand-written store layouts that came before the Avro one; nothing writes them any more.
 * Layout 4: the version byte, six big-endian longs (anchor, cursor, next nominal instant, next due
 * instant, firings, last outcome), the in-flight invocation id (a big-endian int length, -1 for
 * none, then UTF-8), the pause override (one byte: -1 none, 0 resumed, 1 paused), the remembered
 * command ids (a big-endian int count, then each as a length and UTF-8), when the invocation in
 * flight was emitted (a big-endian long), then the definition in Avro binary. Layout 3 has no
 * emission time (the cursor stands for it); layout 2 has neither the override nor the command ids.
 *
 * <p>The next nominal instant held the schedule's position through sentinels: {@link
 * TimerState#NONE} for none, {@code Long.MAX_VALUE} while awaiting an outcome, {@code
 * Long.MIN_VALUE + 1} for a deleted timer's marker (then the due instant is its removal).
 * Thread-safe.
 */
final class LegacyLayout {
  private static final byte WITH_IN_FLIGHT_SINCE = 4;
  private static final byte WITHOUT_IN_FLIGHT_SINCE = 3;
  private static final byte WITHOUT_COMMANDS = 2;
  private static final long AWAITING_OUTCOME = Long.MAX_VALUE;
  private static final long DELETED = Long.MIN_VALUE + 1;
  private static final int ABSENT = -1;

  private final SpecificDatumReader<TimerDefinition> definitions =
      new SpecificDatumReader<>(TimerDefinition.class);

  /** Whether {@code version} is one of these layouts. */
  static boolean reads(byte version) {
    return version == WITH_IN_FLIGHT_SINCE
        || version == WITHOUT_IN_FLIGHT_SINCE
        || version == WITHOUT_COMMANDS;
  }

  TimerState decode(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    byte version = in.get();
    long anchor = in.getLong();
    long cursor = in.getLong();
    long nextNominal = in.getLong();
    long nextDue = in.getLong();
    long firings = in.getLong();
    long lastOutcome = in.getLong();
    String inFlight = readString(in, in.getInt());
    Boolean pauseOverride = null;
    List<String> recentCommands = new ArrayList<>();
    if (version != WITHOUT_COMMANDS) {
      byte override = in.get();
      pauseOverride = override == ABSENT ? null : override == 1;
      int count = in.getInt();
      for (int i = 0; i < count; i++) {
        recentCommands.add(readString(in, in.getInt()));
      }
    }
    long inFlightSince = version == WITH_IN_FLIGHT_SINCE ? in.getLong() : cursor;
    LiveTimer timer =
        LiveTimer.builder()
            .definition(readDefinition(bytes, in.position()))
            .anchor(anchor)
            .cursor(cursor)
            .next(next(nextNominal, nextDue))
            .firings(firings)
            .inFlight(inFlight, inFlightSince)
            .lastOutcome(lastOutcome)
            .pauseOverride(pauseOverride)
            .recentCommands(recentCommands)
            .build();
    return nextNominal == DELETED ? timer.deletionMarker(nextDue) : timer;
  }

  private static NextFiring next(long nominal, long due) {
    if (nominal == TimerState.NONE || nominal == DELETED) {
      return NextFiring.UNSCHEDULED;
    }
    if (nominal == AWAITING_OUTCOME) {
      return new NextFiring.AwaitingOutcome(
          due == TimerState.NONE ? NextFiring.AwaitingOutcome.NEVER : due);
    }
    return due == TimerState.NONE
        ? new NextFiring.Held(nominal)
        : new NextFiring.Scheduled(nominal, due);
  }

  private static String readString(ByteBuffer in, int length) {
    if (length == ABSENT) {
      return null;
    }
    String value = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
    in.position(in.position() + length);
    return value;
  }

  private TimerDefinition readDefinition(byte[] bytes, int start) {
    try {
      BinaryDecoder decoder =
          DecoderFactory.get().binaryDecoder(bytes, start, bytes.length - start, null);
      return definitions.read(null, decoder);
    } catch (IOException e) {
      throw new SerializationException("cannot decode timer state", e);
    }
  }
}

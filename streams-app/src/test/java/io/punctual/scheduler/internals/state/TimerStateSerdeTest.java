package io.punctual.scheduler.internals.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.punctual.TimerDefinition;
import io.punctual.json.AvroJson;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The store encoding of timer states. */
class TimerStateSerdeTest {
  private static final TimerDefinition DEFINITION =
      AvroJson.fromJson(
          ("{\"schedule\": {\"every\": \"PT10S\", \"mode\": \"FIXED_DELAY\"},"
                  + " \"target\": {\"kafka\": {\"topic\": \"out\"}}, \"concurrency\": \"FORBID\"}")
              .getBytes(StandardCharsets.UTF_8),
          TimerDefinition.class);

  private final TimerStateSerde serde = new TimerStateSerde();

  @Test
  void shouldRoundTripTheInvocationInFlightAndTheLastOutcome() {
    // Given a state awaiting the outcome of an invocation whose id is not ASCII
    TimerState state =
        new TimerState(
            DEFINITION,
            1_000,
            2_000,
            TimerState.AWAITING_OUTCOME,
            TimerState.NONE,
            3,
            "minuteur-é@2000",
            1_500);
    // When it is encoded and decoded
    TimerState decoded = serde.decode(serde.encode(state));
    // Then it is unchanged
    assertEquals(state, decoded);
  }

  @Test
  void shouldRoundTripAStateWithNothingInFlight() {
    // Given a state with no invocation in flight and no outcome
    TimerState state = TimerState.initial(DEFINITION, 1_000, 999, 0).withNext(11_000, 11_000);
    // When it is encoded and decoded, then it is unchanged
    assertEquals(state, serde.decode(serde.encode(state)));
  }

  @Test
  void shouldRoundTripThePauseOverrideAndTheRememberedCommands() {
    // Given a state paused by a command and remembering two command ids
    TimerState state =
        TimerState.initial(DEFINITION, 1_000, 999, 0)
            .withPauseOverride(true)
            .remembering("c-1")
            .remembering("commande-é");
    // When it is encoded and decoded, then it is unchanged
    assertEquals(state, serde.decode(serde.encode(state)));
  }

  @Test
  void shouldReadTheFormatWrittenBeforeCommands() {
    // Given a state in format version 2: no pause override nor command ids after the in-flight id
    TimerState state = TimerState.initial(DEFINITION, 1_000, 999, 0).withInFlight("t@5", 999);
    byte[] current = serde.encode(state);
    int header = 1 + 6 * Long.BYTES + Integer.BYTES + "t@5".length();
    int added = 1 + Integer.BYTES + Long.BYTES;
    byte[] old = new byte[current.length - added];
    System.arraycopy(current, 0, old, 0, header);
    System.arraycopy(current, header + added, old, header, current.length - header - added);
    old[0] = 2;
    // When it is decoded, then it has no override and remembers no command
    assertEquals(state, serde.decode(old));
  }

  @Test
  void shouldRefuseAnotherFormatVersion() {
    // Given an encoding whose version byte is not the current one
    byte[] bytes = serde.encode(TimerState.initial(DEFINITION, 0, -1, 0));
    bytes[0] = 1;
    // When it is decoded, then the version is refused
    assertThrows(SerializationException.class, () -> serde.decode(bytes));
  }
}

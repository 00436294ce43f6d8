package io.punctual.scheduler.internals;

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
  void shouldRefuseAnotherFormatVersion() {
    // Given an encoding whose version byte is not the current one
    byte[] bytes = serde.encode(TimerState.initial(DEFINITION, 0, -1, 0));
    bytes[0] = 1;
    // When it is decoded, then the version is refused
    assertThrows(SerializationException.class, () -> serde.decode(bytes));
  }
}

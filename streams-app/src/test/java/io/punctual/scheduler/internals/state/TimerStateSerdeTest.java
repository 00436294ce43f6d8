package io.punctual.scheduler.internals.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.punctual.TimerDefinition;
import io.punctual.json.AvroJson;
import io.punctual.state.StoredTimerState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.SchemaCompatibility;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The store encoding of timer states: the current Avro layout round-trips every kind of state, and
 * the bytes of every earlier layout, kept as fixtures under {@code layouts/}, are read field for
 * field. Layouts 2 and 3 were written by the serde of their time, layout 4 by the last hand-written
 * serde, layout 5 by the first Avro one.
 */
class TimerStateSerdeTest {
  private static final TimerDefinition CRON =
      definition(
          "{\"id\": \"invoice-42\", \"namespace\": \"billing\","
              + " \"schedule\": {\"cron\": \"0 9 * * MON-FRI\", \"timeZone\": \"Europe/Paris\"},"
              + " \"target\": {\"http\": {\"method\": \"POST\","
              + " \"url\": \"https://billing.internal/remind\","
              + " \"headers\": {\"Content-Type\": \"application/json\"},"
              + " \"body\": \"{\\\"invoice\\\":42}\", \"timeout\": \"PT10S\","
              + " \"successCodes\": \"2xx\"}},"
              + " \"retry\": {\"maxAttempts\": 5, \"initialBackoff\": \"PT1S\", \"multiplier\": 2.0,"
              + " \"maxBackoff\": \"PT5M\"}, \"misfire\": \"FIRE_ALL\", \"concurrency\": \"REPLACE\","
              + " \"startAt\": \"2026-01-01T00:00:00Z\", \"endAt\": \"2027-01-01T00:00:00Z\","
              + " \"maxFirings\": 100, \"jitter\": \"PT30S\", \"labels\": {\"team\": \"billing\"}}");
  private static final TimerDefinition FIXED_DELAY =
      definition(
          "{\"schedule\": {\"every\": \"PT10S\", \"mode\": \"FIXED_DELAY\"},"
              + " \"target\": {\"kafka\": {\"topic\": \"out\"}}, \"concurrency\": \"FORBID\"}");
  private static final TimerDefinition ONE_SHOT =
      definition(
          "{\"schedule\": {\"at\": \"2026-06-01T12:00:00Z\"}, \"paused\": true,"
              + " \"target\": {\"kafka\": {\"topic\": \"out\"}}}");

  private static final long CRON_ANCHOR = 1_767_225_600_000L;
  private static final long CRON_CURSOR = 1_780_297_200_000L;
  private static final long CRON_NEXT = 1_780_383_600_000L;
  private static final long CRON_NEXT_DUE = 1_780_383_617_345L;
  private static final String IN_FLIGHT = "minuteur-é@1090000";

  private static final LiveTimer SCHEDULED =
      LiveTimer.builder()
          .definition(CRON)
          .anchor(CRON_ANCHOR)
          .cursor(CRON_CURSOR)
          .next(new NextFiring.Scheduled(CRON_NEXT, CRON_NEXT_DUE))
          .firings(42)
          .build();
  private static final LiveTimer AWAITING_OUTCOME =
      LiveTimer.builder()
          .definition(FIXED_DELAY)
          .anchor(1_000_000)
          .cursor(1_090_000)
          .next(new NextFiring.AwaitingOutcome(1_510_000))
          .firings(10)
          .inFlight(IN_FLIGHT, 1_090_004)
          .lastOutcome(1_080_500)
          .pauseOverride(false)
          .recentCommands(List.of("c-1", "commande-é"))
          .build();
  private static final LiveTimer PAUSED =
      LiveTimer.builder()
          .definition(CRON)
          .anchor(CRON_ANCHOR)
          .cursor(CRON_CURSOR)
          .next(new NextFiring.Held(CRON_NEXT))
          .firings(7)
          .inFlight("invoice-42@1780297217345", 1_780_297_217_400L)
          .pauseOverride(true)
          .recentCommands(List.of("c-2"))
          .build();
  private static final LiveTimer EXHAUSTED =
      LiveTimer.builder()
          .definition(ONE_SHOT)
          .anchor(2_000)
          .cursor(1_780_315_200_000L)
          .next(NextFiring.UNSCHEDULED)
          .firings(1)
          .build();

  /** A one-shot that fired, keeping the COMPLETED event it published (layout 6 on). */
  private static final LiveTimer COMPLETED =
      EXHAUSTED.withCompleted(new Completed(1_780_315_200_012L, 1, "planificateur-é-1"));

  /** A one-shot that fired, indexed for its removal (layout 7 on). */
  private static final LiveTimer RETIRED =
      COMPLETED.withNext(new NextFiring.Retired(1_780_322_400_012L));

  /** Awaiting an outcome, with retries handed back (layout 6 on). */
  private static final LiveTimer RETRYING =
      AWAITING_OUTCOME.rememberingRetry(IN_FLIGHT, 2).rememberingRetry(IN_FLIGHT, 3);

  private static final DeletionMarker DELETION_MARKER =
      LiveTimer.builder()
          .definition(FIXED_DELAY)
          .anchor(1_000_000)
          .cursor(1_090_000)
          .lastOutcome(1_080_500)
          .build()
          .deletionMarker(4_690_000);

  /** Awaiting an outcome since before in-flight bounds existed: no bound, not indexed. */
  private static final LiveTimer AWAITING_UNBOUNDED =
      LiveTimer.builder()
          .definition(FIXED_DELAY)
          .anchor(1_000_000)
          .cursor(1_090_000)
          .next(new NextFiring.AwaitingOutcome(NextFiring.AwaitingOutcome.NEVER))
          .firings(10)
          .inFlight(IN_FLIGHT, 1_090_000)
          .lastOutcome(1_080_500)
          .build();

  /** What each fixture holds. */
  private static final Map<String, TimerState> FIXTURES =
      Map.ofEntries(
          Map.entry("v2-scheduled", SCHEDULED),
          Map.entry("v2-awaiting-outcome", AWAITING_UNBOUNDED),
          Map.entry(
              "v3-scheduled",
              SCHEDULED.withPauseOverride(false).remembering("c-1").remembering("commande-é")),
          Map.entry("v3-awaiting-outcome", AWAITING_UNBOUNDED.withPauseOverride(true)),
          Map.entry("v4-scheduled", SCHEDULED),
          Map.entry("v4-awaiting-outcome", AWAITING_OUTCOME),
          Map.entry("v4-paused", PAUSED),
          Map.entry("v4-exhausted", EXHAUSTED),
          Map.entry("v4-deletion-marker", DELETION_MARKER),
          Map.entry("v5-scheduled", SCHEDULED),
          Map.entry("v5-awaiting-outcome", AWAITING_OUTCOME),
          Map.entry("v5-awaiting-outcome-unbounded", AWAITING_UNBOUNDED),
          Map.entry("v5-paused", PAUSED),
          Map.entry("v5-exhausted", EXHAUSTED),
          Map.entry("v5-deletion-marker", DELETION_MARKER),
          Map.entry("v6-scheduled", SCHEDULED),
          Map.entry("v6-awaiting-outcome", AWAITING_OUTCOME),
          Map.entry("v6-awaiting-outcome-unbounded", AWAITING_UNBOUNDED),
          Map.entry("v6-paused", PAUSED),
          Map.entry("v6-exhausted", EXHAUSTED),
          Map.entry("v6-completed", COMPLETED),
          Map.entry("v6-retrying", RETRYING),
          Map.entry("v6-deletion-marker", DELETION_MARKER),
          Map.entry("v7-scheduled", SCHEDULED),
          Map.entry("v7-awaiting-outcome", AWAITING_OUTCOME),
          Map.entry("v7-awaiting-outcome-unbounded", AWAITING_UNBOUNDED),
          Map.entry("v7-paused", PAUSED),
          Map.entry("v7-exhausted", EXHAUSTED),
          Map.entry("v7-completed", COMPLETED),
          Map.entry("v7-retrying", RETRYING),
          Map.entry("v7-deletion-marker", DELETION_MARKER),
          Map.entry("v7-retired", RETIRED));

  private final TimerStateSerde serde = new TimerStateSerde();

  static Stream<Arguments> fixtures() {
    return FIXTURES.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(entry -> Arguments.of(entry.getKey(), entry.getValue()));
  }

  static Stream<TimerState> states() {
    return Stream.of(
        SCHEDULED,
        AWAITING_OUTCOME,
        PAUSED,
        EXHAUSTED,
        COMPLETED,
        RETRYING,
        RETIRED,
        DELETION_MARKER,
        AWAITING_UNBOUNDED);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void shouldReadTheBytesEveryEarlierLayoutWrote(String fixture, TimerState expected)
      throws IOException {
    // Given the bytes a serde of that layout wrote
    byte[] bytes = fixture(fixture);
    // When they are decoded
    TimerState decoded = serde.decode(bytes);
    // Then every field is read back
    assertEquals(expected, decoded);
  }

  @ParameterizedTest
  @MethodSource("states")
  void shouldRoundTripEveryKindOfState(TimerState state) {
    // Given a state, when it is encoded and decoded, then it is unchanged
    assertEquals(state, serde.decode(serde.encode(state)));
  }

  @Test
  void shouldWriteTheCurrentLayoutVersionFirst() {
    // Given a state, when it is encoded, then its first byte is the schema's layout version
    byte[] bytes = serde.encode(SCHEDULED);
    assertEquals(7, TimerStateSerde.VERSION);
    assertEquals(TimerStateSerde.VERSION, bytes[0]);
  }

  @Test
  void shouldWriteTheCurrentLayoutAsItsFixturesHoldIt() throws IOException {
    // Given the fixtures of the current layout
    for (Map.Entry<String, TimerState> entry : FIXTURES.entrySet()) {
      if (entry.getKey().startsWith("v" + TimerStateSerde.VERSION + "-")) {
        // When their state is encoded, then the bytes are those of the fixture
        assertArrayEquals(fixture(entry.getKey()), serde.encode(entry.getValue()), entry.getKey());
      }
    }
  }

  @Test
  void shouldKeepTheSchemaOfTheCurrentLayoutAsReleased() {
    // Given the schema the current layout was released with, then the state schema is still it:
    // any change to StoredTimerState.avsc or to the TimerDefinition it embeds needs a new version
    assertEquals(
        StoredTimerState.getClassSchema(),
        TimerStateSerde.releasedSchema(TimerStateSerde.VERSION),
        "the timer state schema changed: raise layoutVersion in StoredTimerState.avsc, save the"
            + " new schema as timer-state-v<layoutVersion>.avsc and add fixtures of it");
  }

  @Test
  void shouldResolveEveryReleasedLayoutIntoTheCurrentSchema() {
    // Given the schema of every released Avro layout
    for (int version = TimerStateSerde.FIRST_AVRO_VERSION;
        version <= TimerStateSerde.VERSION;
        version++) {
      // Then state written with it can be read with the current schema
      assertEquals(
          SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE,
          SchemaCompatibility.checkReaderWriterCompatibility(
                  StoredTimerState.getClassSchema(), TimerStateSerde.releasedSchema(version))
              .getType(),
          "layout " + version);
    }
  }

  @Test
  void shouldRefuseAnUnknownLayoutVersion() {
    // Given encodings whose version byte is older than any layout, or newer than the current one
    byte[] older = serde.encode(SCHEDULED);
    older[0] = 1;
    byte[] newer = serde.encode(SCHEDULED);
    newer[0] = (byte) (TimerStateSerde.VERSION + 1);
    // When they are decoded, then the version is refused
    assertThrows(SerializationException.class, () -> serde.decode(older));
    assertThrows(SerializationException.class, () -> serde.decode(newer));
  }

  private static byte[] fixture(String name) throws IOException {
    String resource = "layouts/timer-state-" + name + ".hex";
    try (InputStream in = TimerStateSerdeTest.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("no fixture " + resource);
      }
      return HexFormat.of().parseHex(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
    }
  }

  private static TimerDefinition definition(String json) {
    return AvroJson.fromJson(json.getBytes(StandardCharsets.UTF_8), TimerDefinition.class);
  }
}

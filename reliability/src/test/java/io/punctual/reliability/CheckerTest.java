package io.punctual.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.EveryMode;
import io.punctual.EverySchedule;
import io.punctual.HttpTarget;
import io.punctual.StatusType;
import io.punctual.TimerDefinition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The checker on runs written by hand: it finds what it must find (a test of a checker that cannot
 * fail proves nothing), and accepts what the semantics allow.
 */
class CheckerTest {
  private static final long T = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();
  private static final String TIMER = "rate-1";

  private final List<Observations.Definition> definitions = new ArrayList<>();
  private final List<Observations.Trigger> triggers = new ArrayList<>();
  private final List<Observations.Status> status = new ArrayList<>();
  private final List<Observations.Action> actions = new ArrayList<>();
  private final List<Fault> faults = new ArrayList<>();
  private long offset;

  @Test
  void shouldFindEveryInstantOfATimerThatFiredEachOnce() {
    // Given a timer every second from T, fired and finished at each instant
    define(T - 5_000, every("PT1S", EveryMode.FIXED_RATE), "1");
    fireEach(T, T + 9_000, 1_000, "1");

    // When
    Report report = check(T + 9_500);

    // Then
    assertEquals(10, report.get(Report.Count.EXPECTED));
    assertEquals(10, report.get(Report.Count.FOUND));
    assertEquals(0, report.get(Report.Count.MISSING));
    assertTrue(report.ok(), report.summary());
  }

  @Test
  void shouldCountAMissingInstant() {
    // Given a timer whose fifth instant never fired
    define(T - 5_000, every("PT1S", EveryMode.FIXED_RATE), "1");
    fireEach(T, T + 3_000, 1_000, "1");
    fireEach(T + 5_000, T + 9_000, 1_000, "1");

    // When
    Report report = check(T + 9_500);

    // Then
    assertEquals(1, report.get(Report.Count.MISSING));
    assertEquals(List.of(TIMER + "@" + (T + 4_000)), report.samples(Report.Count.MISSING));
    assertFalse(report.ok());
  }

  @Test
  void shouldCountADuplicatedAndAnEarlyTrigger() {
    // Given an instant fired twice, and one fired 1 s before its instant (lookahead is 0)
    define(T - 5_000, every("PT1S", EveryMode.FIXED_RATE), "1");
    fireEach(T, T + 2_000, 1_000, "1");
    fire(T + 1_000, T + 1_020, "1");
    fire(T + 3_000, T + 2_000, "1");

    // When
    Report report = check(T + 3_500);

    // Then
    assertEquals(1, report.get(Report.Count.DUPLICATED));
    assertEquals(1, report.get(Report.Count.EARLY_TRIGGERS));
    assertFalse(report.ok());
  }

  @Test
  void shouldCountAnInvocationWithoutFinalOutcome() {
    // Given an instant fired whose action never finished
    define(T - 5_000, every("PT1S", EveryMode.FIXED_RATE), "1");
    fireEach(T, T + 1_000, 1_000, "1");
    trigger(T + 2_000, T + 2_005, "1");

    // When
    Report report = check(T + 2_500);

    // Then
    assertEquals(1, report.get(Report.Count.WITHOUT_OUTCOME));
    assertFalse(report.ok());
  }

  @Test
  void shouldContinueTheScheduleAcrossAnUpdateOfTheTargetOnly() {
    // Given the target updated at T + 4.5 s: instants before by v1, after by v2
    define(T - 5_000, every("PT1S", EveryMode.FIXED_RATE), "1");
    define(T + 4_500, every("PT1S", EveryMode.FIXED_RATE), "2");
    fireEach(T, T + 4_000, 1_000, "1");
    fireEach(T + 5_000, T + 9_000, 1_000, "2");

    // When
    Report report = check(T + 9_500);

    // Then
    assertEquals(10, report.get(Report.Count.FOUND));
    assertTrue(report.ok(), report.summary());
  }

  @Test
  void shouldStartANewScheduleAtItsDefinitionAndNeverFireAnInstantTwice() {
    // Given the period changed to 2 s at T + 4.5 s, and the old schedule lagging: it fired T + 5 s
    // before the change was applied
    define(T - 5_000, every("PT1S", EveryMode.FIXED_RATE), "1");
    define(T + 4_500, every("PT2S", EveryMode.FIXED_RATE), "2");
    fireEach(T, T + 5_000, 1_000, "1");
    fireEach(T + 6_000, T + 10_000, 2_000, "2");

    // When
    Report report = check(T + 10_500);

    // Then T + 5 s counts as fired after its definition's end, and the new one starts after it
    assertEquals(5 + 3, report.get(Report.Count.FOUND));
    assertEquals(1, report.get(Report.Count.FIRED_AFTER_END));
    assertTrue(report.ok(), report.summary());
  }

  @Test
  void shouldNotTakeAMissReportedAfterAChangeAsTheOldSchedulesOwn() {
    // Given every 1 s changed to every 2 s at T + 4.5 s, and the new schedule reporting T + 8 s
    // (an instant of both) MISFIRED: reports name no definition
    define(T - 5_000, every("PT1S", EveryMode.FIXED_RATE), "1");
    define(T + 4_500, every("PT2S", EveryMode.FIXED_RATE), "2");
    fireEach(T, T + 4_000, 1_000, "1");
    fire(T + 6_000, T + 6_005, "2");
    status.add(status(StatusType.MISFIRED, TIMER + "@" + (T + 8_000), T + 8_000, T + 40_000));
    fire(T + 10_000, T + 10_005, "2");

    // When
    Report report = check(T + 10_500);

    // Then the new schedule starts after T + 4 s, the old one's last firing
    assertEquals(0, report.get(Report.Count.FIRED_BEFORE_START));
    assertEquals(7, report.get(Report.Count.FOUND));
    assertEquals(1, report.get(Report.Count.MISFIRED));
    assertTrue(report.ok(), report.summary());
  }

  @Test
  void shouldCountAnInstantFiredTwiceAcrossAScheduleChange() {
    // Given the old schedule fired T + 6 s before the change was applied, and the new one again
    define(T - 5_000, every("PT1S", EveryMode.FIXED_RATE), "1");
    define(T + 4_500, every("PT2S", EveryMode.FIXED_RATE), "2");
    fireEach(T, T + 6_000, 1_000, "1");
    fireEach(T + 6_000, T + 10_000, 2_000, "2");

    // When
    Report report = check(T + 10_500);

    // Then
    assertEquals(1, report.get(Report.Count.DUPLICATED));
    assertFalse(report.ok());
  }

  @Test
  void shouldCountAnInstantLostBeforeAReplacementWhenThePartitionProvablyFiredPastIt() {
    // Given T + 3 s never fired, though another timer of the partition fired T + 3.5 s at T + 3.6
    // s, before the change was written at T + 4.5 s
    define(T - 5_000, every("PT1S", EveryMode.FIXED_RATE), "1");
    define(T + 4_500, every("PT2S", EveryMode.FIXED_RATE), "2");
    fireEach(T, T + 2_000, 1_000, "1");
    fireEach(T + 4_000, T + 4_000, 1_000, "1");
    fireEach(T + 6_000, T + 10_000, 2_000, "2");
    triggers.add(
        new Observations.Trigger(
            "other@" + (T + 3_500), "other", 0, offset++, T + 3_500, T + 3_600, 1, "1"));

    // When
    Report report = check(T + 10_500);

    // Then
    assertEquals(1, report.get(Report.Count.MISSING));
  }

  @Test
  void shouldTakeAnUnprovenLossBeforeAReplacementAsSuperseded() {
    // Given the partition fired nothing from T + 2 s until the change at T + 4.5 s (it was down),
    // and the instants of T + 3 s and T + 4 s never fired
    define(T - 5_000, every("PT1S", EveryMode.FIXED_RATE), "1");
    define(T + 4_500, every("PT2S", EveryMode.FIXED_RATE), "2");
    fireEach(T, T + 2_000, 1_000, "1");
    fireEach(T + 6_000, T + 10_000, 2_000, "2");

    // When
    Report report = check(T + 10_500);

    // Then
    assertEquals(0, report.get(Report.Count.MISSING));
    assertEquals(2, report.get(Report.Count.SUPERSEDED));
    assertTrue(report.ok(), report.summary());
  }

  @Test
  void shouldCountATriggerOfAReplacedDefinitionAfterTheReplacementFired() {
    // Given the old schedule fired T + 7 s after the new schedule had fired T + 6 s
    define(T - 5_000, every("PT1S", EveryMode.FIXED_RATE), "1");
    define(T + 4_500, every("PT2S", EveryMode.FIXED_RATE), "2");
    fireEach(T, T + 4_000, 1_000, "1");
    fireEach(T + 6_000, T + 6_000, 2_000, "2");
    fire(T + 7_000, T + 7_000, "1");
    fireEach(T + 8_000, T + 10_000, 2_000, "2");

    // When
    Report report = check(T + 10_500);

    // Then
    assertEquals(1, report.get(Report.Count.FIRED_AFTER_REPLACEMENT));
    assertFalse(report.ok());
  }

  @Test
  void shouldExpectNothingAfterADelete() {
    // Given the timer deleted at T + 4.5 s
    define(T - 5_000, every("PT1S", EveryMode.FIXED_RATE), "1");
    tombstone(T + 4_500);
    fireEach(T, T + 4_000, 1_000, "1");

    // When
    Report report = check(T + 9_500);

    // Then
    assertEquals(5, report.get(Report.Count.EXPECTED));
    assertTrue(report.ok(), report.summary());
  }

  @Test
  void shouldStartATimerDefinedAgainAfterALateDeleteAfterTheInstantsItsOldSelfFired() {
    // Given the timer deleted at T + 4.5 s and defined again at T + 6 s, both applied late: the
    // old definition fired up to T + 8 s, the new one from T + 9 s
    define(T - 5_000, every("PT1S", EveryMode.FIXED_RATE), "1");
    tombstone(T + 4_500);
    define(T + 6_000, every("PT1S", EveryMode.FIXED_RATE), "2");
    fireEach(T, T + 8_000, 1_000, "1");
    fireEach(T + 9_000, T + 10_000, 1_000, "2");

    // When
    Report report = check(T + 10_500);

    // Then nothing is missing nor duplicated, and T + 5 to 8 s fired after the delete
    assertEquals(4, report.get(Report.Count.FIRED_AFTER_DELETE));
    assertEquals(0, report.get(Report.Count.MISSING));
    assertTrue(report.ok(), report.summary());
  }

  @Test
  void shouldAcceptAnInstantTheMisfirePolicyReported() {
    // Given T + 2 s reported MISFIRED instead of fired
    define(T - 5_000, every("PT1S", EveryMode.FIXED_RATE), "1");
    fireEach(T, T + 1_000, 1_000, "1");
    status.add(status(StatusType.MISFIRED, TIMER + "@" + (T + 2_000), T + 2_000, T + 30_000));
    fireEach(T + 3_000, T + 4_000, 1_000, "1");

    // When
    Report report = check(T + 4_500);

    // Then
    assertEquals(1, report.get(Report.Count.MISFIRED));
    assertEquals(0, report.get(Report.Count.MISSING));
    assertTrue(report.ok(), report.summary());
  }

  @Test
  void shouldFollowAFixedDelayFromEachOutcome() {
    // Given a fixed delay of 1 s, each invocation emitted 5 ms late and finished 300 ms later:
    // instants T, T + 1.305 s, T + 2.61 s
    define(T - 5_000, every("PT1S", EveryMode.FIXED_DELAY), "1");
    fire(T, T + 5, "1");
    fire(T + 1_305, T + 1_310, "1");
    fire(T + 2_610, T + 2_615, "1");

    // When
    Report report = check(T + 3_800);

    // Then the fourth, due at T + 3.915 s, is past the horizon
    assertEquals(3, report.get(Report.Count.FOUND));
    assertTrue(report.ok(), report.summary());
  }

  @Test
  void shouldFollowAFixedDelayThroughACatchUpThatFiredOneMissedInstantAndSkippedTheOthers() {
    // Given a fixed delay of 1 s found 30 s late: its catch-up fired T and reported T + 1 s to
    // T + 3 s SKIPPED (the first was in flight); T finished at T + 30.3 s
    define(T - 5_000, every("PT1S", EveryMode.FIXED_DELAY), "1");
    trigger(T, T + 30_000, "1");
    actions.add(action(T, T + 30_010));
    status.add(status(StatusType.SUCCEEDED, TIMER + "@" + T, T, T + 30_300));
    for (long skipped = T + 1_000; skipped <= T + 3_000; skipped += 1_000) {
      status.add(status(StatusType.SKIPPED, TIMER + "@" + skipped, skipped, T + 30_000));
    }
    fire(T + 31_300, T + 31_305, "1");

    // When
    Report report = check(T + 32_000);

    // Then the next instant is one period after the outcome
    assertEquals(2, report.get(Report.Count.FOUND));
    assertEquals(3, report.get(Report.Count.MISFIRED));
    assertTrue(report.ok(), report.summary());
  }

  @Test
  void shouldTellRepeatedActionsAroundAnExecutorKillAndItsRejoinFromOthers() {
    // Given three actions performed twice with their own key: one across an executor kill, one
    // performed just after the executor was back and again in its rejoin, one long after
    define(T - 5_000, every("PT1S", EveryMode.FIXED_RATE), "1");
    fireEach(T, T + 6_000, 1_000, "1");
    faults.add(new Fault(Fault.Kind.EXECUTOR_KILL, "executor-1", T + 500, T + 5_000));
    actions.add(action(T, T + 10_000));
    actions.add(action(T + 6_000, T + 7_700));
    actions.add(action(T + 1_000, T + 1_000 + 3 * Report.EXECUTOR_KILL_MARGIN_MS));

    // When
    Report report = check(T + 6_500);

    // Then
    assertEquals(3, report.get(Report.Count.DUPLICATE_ACTIONS_SAME_KEY));
    assertEquals(2, report.get(Report.Count.DUPLICATE_ACTIONS_AROUND_EXECUTOR_KILLS));
    assertEquals(1, report.get(Report.Count.DUPLICATE_ACTIONS_ELSEWHERE));
    assertFalse(report.ok());
  }

  private Report check(long horizon) {
    Observations observations =
        new Observations(definitions, List.of(), triggers, status, actions, List.of(), List.of());
    return new Checker(horizon, 0, faults).check(observations);
  }

  private static TimerDefinition every(String period, EveryMode mode) {
    return TimerDefinition.newBuilder()
        .setSchedule(new EverySchedule(period, mode, Instant.ofEpochMilli(T)))
        .setTarget(HttpTarget.newBuilder().setUrl("http://127.0.0.1:1/t").build())
        .build();
  }

  private void define(long at, TimerDefinition definition, String version) {
    TimerDefinition labelled =
        TimerDefinition.newBuilder(definition)
            .setLabels(Map.of(Workload.VERSION_LABEL, version))
            .build();
    definitions.add(new Observations.Definition(TIMER, 0, offset++, at, labelled));
  }

  private void tombstone(long at) {
    definitions.add(new Observations.Definition(TIMER, 0, offset++, at, null));
  }

  /**
   * Fires each instant from {@code first} to {@code last}, 5 ms late, each finished 300 ms later.
   */
  private void fireEach(long first, long last, long step, String version) {
    for (long due = first; due <= last; due += step) {
      fire(due, due + 5, version);
    }
  }

  private void fire(long due, long emitted, String version) {
    trigger(due, emitted, version);
    String id = TIMER + "@" + due;
    status.add(status(StatusType.SUCCEEDED, id, due, emitted + 300));
    actions.add(action(due, emitted + 10));
  }

  private void trigger(long due, long emitted, String version) {
    triggers.add(
        new Observations.Trigger(TIMER + "@" + due, TIMER, 0, offset++, due, emitted, 1, version));
  }

  private Observations.Status status(StatusType type, String id, long due, long at) {
    return new Observations.Status(type, TIMER, id, 1, due, at, at, 0, offset++);
  }

  private static Observations.Action action(long due, long arrived) {
    return new Observations.Action("http", TIMER + "@" + due, 1, TIMER, due, arrived);
  }
}

package io.punctual.executor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {
  @Test
  void shouldCommitOnlyUpToTheLowestUnfinishedOffset() {
    // Given offsets 10, 11, 12 consumed
    OffsetTracker tracker = new OffsetTracker();
    tracker.add(10);
    tracker.add(11);
    tracker.add(12);
    assertEquals(OptionalLong.of(10), tracker.committable());

    // When 11 and 12 finish first
    tracker.done(12);
    tracker.done(11);

    // Then nothing past 10 is committable until 10 finishes
    assertEquals(OptionalLong.of(10), tracker.committable());
    tracker.requested(10);
    assertEquals(OptionalLong.empty(), tracker.committable());
    tracker.done(10);
    assertEquals(OptionalLong.of(13), tracker.committable());
  }

  @Test
  void shouldAskAgainAfterAFailedCommit() {
    // Given a requested commit
    OffsetTracker tracker = new OffsetTracker();
    tracker.add(0);
    tracker.done(0);
    tracker.requested(1);
    assertEquals(OptionalLong.empty(), tracker.committable());

    // When it fails; Then the offset is committable again
    tracker.failed();
    assertEquals(OptionalLong.of(1), tracker.committable());
  }
}

package io.punctual.executor.internal.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.executor.internal.consume.OffsetTracker.Commit;
import java.util.HashSet;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {
  @Test
  void shouldCommitOnlyUpToTheLowestUnfinishedOffset() {
    // Given offsets 10, 11, 12 consumed
    OffsetTracker tracker = new OffsetTracker();
    tracker.add(10);
    tracker.add(11);
    tracker.add(12);
    assertEquals(Optional.of(new Commit(10, "")), tracker.committable(false));

    // When 11 and 12 finish first
    tracker.done(12);
    tracker.done(11);

    // Then nothing past 10 is committable until 10 finishes, but the commit names 11 and 12
    Commit commit = tracker.committable(false).orElseThrow();
    assertEquals(new Commit(10, "done1:1-2"), commit);
    tracker.requested(commit);
    assertEquals(Optional.empty(), tracker.committable(false));
    assertEquals(Optional.of(commit), tracker.committable(true));
    tracker.done(10);
    assertEquals(Optional.of(new Commit(13, "")), tracker.committable(false));
  }

  @Test
  void shouldAskAgainAfterAFailedCommit() {
    // Given a requested commit
    OffsetTracker tracker = new OffsetTracker();
    tracker.add(0);
    tracker.done(0);
    tracker.requested(new Commit(1, ""));
    assertEquals(Optional.empty(), tracker.committable(false));

    // When it fails; Then the offset is committable again
    tracker.failed();
    assertEquals(Optional.of(new Commit(1, "")), tracker.committable(false));
  }

  @Test
  void shouldNameEveryFinishedRangeBetweenUnfinishedOffsets() {
    // Given offsets 100 to 110, of which 100, 103 and 106 to 107 are unfinished
    OffsetTracker tracker = new OffsetTracker();
    for (long offset = 100; offset <= 110; offset++) {
      tracker.add(offset);
    }
    for (long offset : new long[] {101, 102, 104, 105, 108, 109, 110}) {
      tracker.done(offset);
    }

    // Then the commit is 100, with 101-102, 104-105 and 108-110 finished
    assertEquals(Optional.of(new Commit(100, "done1:1-2,4-5,8-10")), tracker.committable(false));
  }

  @Test
  void shouldSkipWhatThePreviousOwnerFinishedAndCarryItForward() {
    // Given a partition committed at 100 by an owner that had finished 101-102, 104 and 106-109
    OffsetTracker tracker = new OffsetTracker();
    assertEquals(7, tracker.resume(100, "done1:1-2,4,6-9"));

    // When the new owner consumes 100 to 104
    Set<Long> performed = new HashSet<>();
    for (long offset = 100; offset <= 104; offset++) {
      if (!tracker.finishedBefore(offset)) {
        tracker.add(offset);
        performed.add(offset);
      }
    }

    // Then it performs only 100 and 103; while 100 runs, the commit still names everything
    // finished past it, including what it has not consumed yet
    assertEquals(Set.of(100L, 103L), performed);
    tracker.done(103);
    assertEquals(Optional.of(new Commit(100, "done1:1-4,6-9")), tracker.committable(false));

    // And once 100 is done, the commit moves to 105, still naming 106-109
    tracker.done(100);
    assertEquals(Optional.of(new Commit(105, "done1:1-4")), tracker.committable(false));
  }

  @Test
  void shouldIgnoreMetadataItDidNotWrite() {
    OffsetTracker tracker = new OffsetTracker();
    for (String metadata :
        new String[] {null, "", "done1:", "other", "done1:x", "done1:3-1", "done1:-2", "done2:1"}) {
      assertEquals(0, tracker.resume(50, metadata), metadata);
      assertFalse(tracker.finishedBefore(51), metadata);
      assertFalse(tracker.finishedBefore(50), metadata);
    }
  }

  @Test
  void shouldStayWithinTheMetadataLimitAndNameOnlyFinishedOffsets() {
    // Given 20,000 offsets, a random third of them unfinished
    Random random = new Random(42);
    OffsetTracker tracker = new OffsetTracker();
    Set<Long> unfinished = new HashSet<>();
    for (long offset = 0; offset < 20_000; offset++) {
      tracker.add(offset);
      if (offset > 0 && random.nextInt(3) > 0) {
        tracker.done(offset);
      } else {
        unfinished.add(offset);
      }
    }

    // When the commit is written and read by a new owner
    Commit commit = tracker.committable(false).orElseThrow();
    OffsetTracker next = new OffsetTracker();
    long finished = next.resume(commit.offset(), commit.metadata());

    // Then it fits, names many offsets, and never one that is unfinished
    assertTrue(commit.metadata().length() <= OffsetTracker.METADATA_LIMIT);
    assertTrue(finished > 500, "names " + finished);
    long named = 0;
    for (long offset = 0; offset < 20_000; offset++) {
      if (next.finishedBefore(offset)) {
        assertFalse(unfinished.contains(offset), "offset " + offset);
        named++;
      }
    }
    assertEquals(finished, named);
  }
}

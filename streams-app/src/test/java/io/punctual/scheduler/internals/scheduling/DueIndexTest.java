package io.punctual.scheduler.internals.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The due index, on an in-memory store: regular firings and retries in one due order. */
class DueIndexTest {
  private KeyValueStore<Bytes, byte[]> store;
  private DueIndex index;

  @BeforeEach
  void setUp() {
    store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("due-index"), Serdes.Bytes(), Serdes.ByteArray())
            .withLoggingDisabled()
            .build();
    MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    store.init(context.getStateStoreContext(), store);
    index = new DueIndex(store);
  }

  @Test
  void shouldListRegularFiringsAndRetriesInDueOrderUpToTheBound() {
    // Given regular firings and retries of the same timers, some at the same instants
    index.put(2_000, "b");
    index.putRetry(1_000, "b", "b@500", 2);
    index.put(1_000, "a");
    index.putRetry(2_000, "a", "a@1000", 3);
    index.put(2_001, "a");
    // When what is due up to 2 000 is listed
    List<DueIndex.Entry> due = index.dueUpTo(2_000, 10);
    // Then everything due at or before it comes, in due order, each kind told apart
    assertEquals(
        List.of(
            new DueIndex.Entry(1_000, "a", null, 0),
            new DueIndex.Entry(1_000, "b", "b@500", 2),
            new DueIndex.Entry(2_000, "a", "a@1000", 3),
            new DueIndex.Entry(2_000, "b", null, 0)),
        due);
  }

  @Test
  void shouldKeepARetryAndTheRegularFiringOfTheSameInstantApart() {
    // Given a timer's regular firing and a retry at the same instant
    index.put(1_000, "t");
    index.putRetry(1_000, "t", "t@1", 2);
    // When the regular firing is deleted
    index.delete(1_000, "t");
    // Then the retry stays, and taking it leaves nothing
    assertEquals(List.of(new DueIndex.Entry(1_000, "t", "t@1", 2)), index.takeDueUpTo(5_000, 10));
    assertEquals(List.of(), index.dueUpTo(5_000, 10));
  }

  @Test
  void shouldKeepTheInstantOfAnAttemptHeldBackPastIt() {
    // Given an attempt for instant 1,000 held back until 1,250, and a plain retry
    index.putHeld(1_250, "t", "t@1000", 1, 1_000);
    index.putRetry(1_300, "u", "u@1", 2);
    // When they are taken, then the held one keeps its instant, the retry's is its due instant
    List<DueIndex.Entry> taken = index.takeDueUpTo(5_000, 10);
    assertEquals(
        List.of(
            new DueIndex.Entry(1_250, "t", "t@1000", 1, 1_000),
            new DueIndex.Entry(1_300, "u", "u@1", 2, 1_300)),
        taken);
    // And putting them back restores them as they were
    taken.forEach(index::putBack);
    assertEquals(taken, index.dueUpTo(5_000, 10));
  }

  @Test
  void shouldTakeWhatIsDueInBatchesAndFindWhatAnotherProcessorPutsBelowTheFloor() {
    // Given five firings due, and a second index over the same store sharing the floor, as the
    // processors of one task do
    DueIndexes indexes = new DueIndexes();
    TaskId task = new TaskId(0, 0);
    DueIndex scheduler = indexes.of(task, store);
    DueIndex commands = indexes.of(task, store);
    for (int i = 1; i <= 5; i++) {
      scheduler.put(1_000L * i, "t" + i);
    }
    // When what is due up to 4 000 is taken two at a time
    assertEquals(List.of("t1", "t2"), ids(scheduler.takeDueUpTo(4_000, 2)));
    assertEquals(List.of("t3", "t4"), ids(scheduler.takeDueUpTo(4_000, 2)));
    assertEquals(List.of(), ids(scheduler.takeDueUpTo(4_000, 2)));
    // Then a firing put below the floor through the other index is still found, first
    commands.put(500, "late");
    commands.putRetry(2_500, "t2", "t2@2000", 2);
    assertEquals(List.of("late", "t2", "t5"), ids(scheduler.takeDueUpTo(9_000, 10)));
    // And what was taken is gone from the store, whatever the floor
    scheduler.resetFloor();
    assertEquals(List.of(), scheduler.dueUpTo(9_000, 10));
  }

  private static List<String> ids(List<DueIndex.Entry> entries) {
    return entries.stream().map(DueIndex.Entry::timerId).toList();
  }
}

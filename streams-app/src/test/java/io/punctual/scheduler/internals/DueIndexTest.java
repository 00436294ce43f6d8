package io.punctual.scheduler.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The due index, on an in-memory store: regular firings and retries in one due order. */
class DueIndexTest {
  private DueIndex index;

  @BeforeEach
  void setUp() {
    KeyValueStore<Bytes, byte[]> store =
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
  void shouldDeleteARetryWithoutTouchingTheRegularFiring() {
    // Given a timer's regular firing and a retry at the same instant
    index.put(1_000, "t");
    index.putRetry(1_000, "t", "t@1", 2);
    // When the retry is deleted
    index.delete(new DueIndex.Entry(1_000, "t", "t@1", 2));
    // Then the regular firing stays
    assertEquals(List.of(new DueIndex.Entry(1_000, "t", null, 0)), index.dueUpTo(5_000, 10));
  }
}

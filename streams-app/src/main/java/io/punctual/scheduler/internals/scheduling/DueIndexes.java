package io.punctual.scheduler.internals.scheduling;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The due index's floor of each task, shared by the task's processors so that it sees every put
 * (see {@link DueIndex}). One instance per topology.
 */
public final class DueIndexes {
  private final Map<TaskId, DueIndex.Floor> floors = new ConcurrentHashMap<>();

  /** An index over the task's store, sharing the task's floor. */
  DueIndex of(TaskId task, KeyValueStore<Bytes, byte[]> store) {
    return new DueIndex(store, floors.computeIfAbsent(task, id -> new DueIndex.Floor()));
  }
}

package io.punctual.api.internal;

import io.punctual.scheduler.internals.NodeNames;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * RocksDB's estimates of the entries of this instance's stores: cheap, approximate, and NaN while
 * the stores cannot be queried (starting, rebalancing).
 */
final class LocalStoreSizes {
  private LocalStoreSizes() {}

  /** The timers this instance owns (approximately). */
  static double timers(KafkaStreams streams) {
    return entries(streams, NodeNames.TIMERS_STORE);
  }

  /** The firings waiting in this instance's due index, due or not (approximately). */
  static double duePending(KafkaStreams streams) {
    return entries(streams, NodeNames.DUE_INDEX_STORE);
  }

  private static double entries(KafkaStreams streams, String store) {
    if (streams.state() != KafkaStreams.State.RUNNING) {
      return Double.NaN;
    }
    try {
      return streams
          .store(
              StoreQueryParameters.fromNameAndType(
                  store, QueryableStoreTypes.<Object, Object>keyValueStore()))
          .approximateNumEntries();
    } catch (InvalidStateStoreException e) {
      return Double.NaN;
    }
  }
}

package io.punctual.scheduler.internals.startup;

import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each store partition Kafka Streams restores from its changelog, with how many records it
 * replayed, and counts them: the measure of how much a start had to rebuild. With transactional
 * state stores a restart after a crash replays only what followed the last commit.
 */
public final class RestoreLog implements StateRestoreListener {
  private static final Logger LOG = LoggerFactory.getLogger(RestoreLog.class);

  private final LongAdder restored = new LongAdder();

  @Override
  public void onRestoreStart(
      TopicPartition partition, String store, long startingOffset, long endingOffset) {
    LOG.info(
        "restoring {} partition {} from its changelog, offsets {} to {}",
        store,
        partition.partition(),
        startingOffset,
        endingOffset);
  }

  @Override
  public void onBatchRestored(
      TopicPartition partition, String store, long batchEndOffset, long numRestored) {
    restored.add(numRestored);
  }

  @Override
  public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
    LOG.info("restored {} partition {}: {} records", store, partition.partition(), totalRestored);
  }

  /** Records replayed from changelogs since the start. */
  public long restoredRecords() {
    return restored.sum();
  }
}

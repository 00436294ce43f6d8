package io.punctual.cli.client;

import java.io.PrintWriter;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.RecordDeserializationException;

/**
 * Polls Punctual's topics past the records that cannot be decoded (a record a Kafka target wrote to
 * {@code <prefix>.status}, say): each is skipped and counted, the first is reported once, and
 * reading goes on. Not thread-safe: one per consumer.
 */
public final class UndecodableRecords {
  private final String reader;
  private final PrintWriter err;
  private long skipped;

  /**
   * @param reader who reads, to start the report with ({@code punctual tail})
   * @param err where the first skip and the count are reported
   */
  public UndecodableRecords(String reader, PrintWriter err) {
    this.reader = reader;
    this.err = err;
  }

  /** The next records; one that cannot be decoded is skipped. */
  public <K, V> ConsumerRecords<K, V> poll(KafkaConsumer<K, V> consumer, Duration timeout) {
    try {
      return consumer.poll(timeout);
    } catch (RecordDeserializationException e) {
      skipped++;
      if (skipped == 1) {
        err.println(
            reader
                + ": skipping records that cannot be decoded, the first at "
                + e.topicPartition()
                + "@"
                + e.offset()
                + "; the others are counted");
        err.flush();
      }
      consumer.seek(e.topicPartition(), e.offset() + 1);
      return ConsumerRecords.empty();
    }
  }

  /** How many records were skipped so far. */
  public long skipped() {
    return skipped;
  }

  /** Reports how many records were skipped, if any. */
  public void reportCount() {
    if (skipped > 0) {
      err.println(reader + ": skipped " + skipped + " record(s) that could not be decoded");
      err.flush();
    }
  }
}

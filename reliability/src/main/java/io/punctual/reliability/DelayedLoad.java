package io.punctual.reliability;

import io.punctual.client.DelayedRecords;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The delayed records of a fault run, sent while timers fire: random values and headers, keys among
 * a thousand, instants up to {@link #LONGEST_DELAY} ahead; one in ten with the key and instant of
 * the one before (their order is checked), one in twenty due later and cancelled at once ({@link
 * DelayedAudit} reads all of it back from the delay topic).
 */
final class DelayedLoad implements AutoCloseable {
  /** The furthest instant of a record that is not cancelled. */
  static final Duration LONGEST_DELAY = Duration.ofSeconds(30);

  /** How far ahead a record to be cancelled is due: its cancel comes long before. */
  static final Duration CANCELLED_DELAY = Duration.ofSeconds(90);

  /** The header holding a record's sequence number. */
  static final String SEQ = "rel-seq";

  private final KafkaProducer<byte[], byte[]> producer;
  private final String delayTopic;
  private final String destination;
  private final Random random;
  private long sent;
  private byte[] previousKey;
  private Instant previousAt;

  DelayedLoad(String bootstrap, String delayTopic, String destination, Random random) {
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.LINGER_MS_CONFIG,
                5,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                300_000),
            new ByteArraySerializer(),
            new ByteArraySerializer());
    this.delayTopic = delayTopic;
    this.destination = destination;
    this.random = random;
  }

  /** Sends {@code count} records at {@code now}; none due after {@code until}. */
  void send(int count, long now, long until) {
    for (int i = 0; i < count; i++) {
      boolean cancel = now + CANCELLED_DELAY.toMillis() <= until && random.nextInt(20) == 0;
      boolean sameAsPrevious =
          !cancel
              && previousAt != null
              && previousAt.toEpochMilli() > now
              && random.nextInt(10) == 0;
      byte[] key =
          sameAsPrevious
              ? previousKey
              : ("k" + random.nextInt(1_000)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      long delay =
          cancel
              ? CANCELLED_DELAY.toMillis()
              : random.nextInt((int) Math.min(LONGEST_DELAY.toMillis(), Math.max(1, until - now)));
      Instant at = sameAsPrevious ? previousAt : Instant.ofEpochMilli(now + delay);
      RecordHeaders headers = new RecordHeaders();
      if (random.nextBoolean()) {
        headers.add("trace", bytes(16));
      }
      headers.add(SEQ, ByteBuffer.allocate(Long.BYTES).putLong(sent).array());
      ProducerRecord<byte[], byte[]> record =
          DelayedRecords.deliverAt(
              new ProducerRecord<>(
                  destination, null, null, key, bytes(20 + random.nextInt(180)), headers),
              at,
              delayTopic);
      if (cancel) {
        String id = "cancel-" + sent;
        producer.send(DelayedRecords.withId(record, id));
        producer.send(DelayedRecords.cancel(key, id, delayTopic));
      } else {
        producer.send(record);
        previousKey = key;
        previousAt = at;
      }
      sent++;
    }
  }

  /** Records sent so far. */
  long sent() {
    return sent;
  }

  private byte[] bytes(int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  @Override
  public void close() {
    producer.close();
  }
}

package io.punctual.scheduler.it;

import io.punctual.client.DelayedRecords;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produces delayed records of random bytes (keys, values, headers) to a delay topic, one in ten
 * with the key, destination and instant of the one before, and names some to cancel them. Each
 * record carries its sequence number in {@link DeliveryLog#SEQ}.
 */
final class DelayedLoad implements AutoCloseable {
  private final KafkaProducer<byte[], byte[]> producer;
  private final String delayTopic;
  private final List<String> destinations;
  private final Random random;
  private final List<DeliveryLog.Sent> sent = new ArrayList<>();
  private final List<ProducerRecord<byte[], byte[]>> cancels = new ArrayList<>();

  DelayedLoad(String bootstrapServers, String delayTopic, List<String> destinations, long seed) {
    this.producer = producer(bootstrapServers);
    this.delayTopic = delayTopic;
    this.destinations = List.copyOf(destinations);
    this.random = new Random(seed);
  }

  /** Creates destination topics of {@code partitions} partitions each. */
  static void createDestinations(String bootstrapServers, List<String> names, int partitions)
      throws ExecutionException, InterruptedException {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
      admin
          .createTopics(
              names.stream()
                  .map(name -> new NewTopic(name, Optional.of(partitions), Optional.empty()))
                  .toList())
          .all()
          .get();
    }
  }

  static KafkaProducer<byte[], byte[]> producer(String bootstrapServers) {
    Map<String, Object> settings = new HashMap<>();
    settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    settings.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    settings.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024);
    return new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * Sends {@code count} records due between {@code base} and {@code base + spreadMs}; up to {@code
   * toCancel} of those due after {@code cancelAfter} are named, for {@link #cancel}.
   */
  void send(int count, Instant base, int spreadMs, int toCancel, Instant cancelAfter) {
    DeliveryLog.Sent previous = sent.isEmpty() ? null : sent.get(sent.size() - 1);
    for (int n = 0; n < count; n++) {
      int seq = sent.size();
      boolean sameAsPrevious = previous != null && random.nextInt(10) == 0;
      byte[] key = sameAsPrevious ? previous.key() : bytes(1 + random.nextInt(24));
      String destination =
          sameAsPrevious
              ? previous.destination()
              : destinations.get(random.nextInt(destinations.size()));
      Instant at = sameAsPrevious ? previous.at() : base.plusMillis(random.nextInt(spreadMs));
      RecordHeaders headers = new RecordHeaders();
      for (int h = random.nextInt(4); h > 0; h--) {
        headers.add(
            "h" + random.nextInt(5), random.nextBoolean() ? bytes(random.nextInt(40)) : null);
      }
      headers.add(DeliveryLog.SEQ, ByteBuffer.allocate(4).putInt(seq).array());
      byte[] value = random.nextInt(50) == 0 ? null : bytes(random.nextInt(300));
      ProducerRecord<byte[], byte[]> delayed =
          DelayedRecords.deliverAt(
              new ProducerRecord<>(destination, null, null, key, value, headers), at, delayTopic);
      boolean cancel =
          cancels.size() < toCancel
              && !sameAsPrevious
              && at.isAfter(cancelAfter)
              && random.nextInt(4) == 0;
      if (cancel) {
        delayed = DelayedRecords.withId(delayed, "cancel-" + seq);
        cancels.add(DelayedRecords.cancel(key, "cancel-" + seq, delayTopic));
      }
      producer.send(delayed);
      previous = new DeliveryLog.Sent(seq, destination, key, value, headers.toArray(), at, cancel);
      sent.add(previous);
    }
    producer.flush();
  }

  /** Sends the cancels of the records named to be cancelled. */
  void cancel() {
    cancels.forEach(producer::send);
    producer.flush();
  }

  List<DeliveryLog.Sent> sent() {
    return sent;
  }

  /** The records sent and not cancelled. */
  List<DeliveryLog.Sent> expected() {
    return sent.stream().filter(s -> !s.cancelled()).toList();
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

package io.punctual.executor.internal;

import io.micronaut.configuration.kafka.config.KafkaDefaultConfiguration;
import io.punctual.Invocation;
import io.punctual.StatusEvent;
import io.punctual.executor.ExecutorConfig;
import io.punctual.serde.ConfluentAvroSerializer;
import io.punctual.serde.JsonRecordSerializer;
import io.punctual.serde.PunctualDeserializer;
import io.punctual.serde.SerdeConfig;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The executor's Kafka clients, configured from micronaut-kafka's {@code kafka.*} settings plus
 * what correctness needs: a read_committed consumer without auto-commit, and an idempotent producer
 * with acks=all for status events and dead letters. Kafka targets are written by the scheduler, not
 * here.
 */
@Singleton
public final class KafkaClients {
  /** How long status events wait to be sent with others, unless {@code kafka.linger.ms} says. */
  static final int STATUS_LINGER_MS = 10;

  private final ExecutorConfig config;
  private final Map<String, Object> common = new HashMap<>();
  private final Producer<byte[], byte[]> producer;

  KafkaClients(ExecutorConfig config, KafkaDefaultConfiguration kafka) {
    this.config = config;
    config.validate();
    kafka.getConfig().forEach((key, value) -> common.put(key.toString(), value));
    Map<String, Object> props = new HashMap<>(common);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "punctual-executor-producer");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    this.producer = new KafkaProducer<>(statusProducerConfig(props));
  }

  /**
   * The status producer's settings: the shared ones, lingering {@value #STATUS_LINGER_MS} ms unless
   * {@code kafka.linger.ms} says otherwise. Status events are read by subscribers and the
   * scheduler, and no target waits for them: at 1,000 calls/s, lingering 1 ms sent about one
   * request per event, which cost the producer's thread more than the calls' own I/O.
   */
  static Map<String, Object> statusProducerConfig(Map<String, Object> producer) {
    Map<String, Object> props = new HashMap<>(producer);
    props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, STATUS_LINGER_MS);
    return props;
  }

  /** The producer of status events and dead letters. */
  public Producer<byte[], byte[]> producer() {
    return producer;
  }

  /** A new consumer of the triggers topic, polling at most {@code maxPollRecords} at a time. */
  public KafkaConsumer<byte[], byte[]> newConsumer(int maxPollRecords) {
    Map<String, Object> props = new HashMap<>(common);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, config.getGroupId());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return new KafkaConsumer<>(props);
  }

  /** The reader of trigger values: JSON, or Confluent Avro when a registry is configured. */
  public Deserializer<Invocation> invocationDeserializer() {
    Deserializer<Invocation> deserializer = new PunctualDeserializer<>(Invocation.class);
    deserializer.configure(serdeConfig(), false);
    return deserializer;
  }

  /** The writer of status events, in the configured output format. */
  public Serializer<StatusEvent> statusSerializer() {
    Serializer<StatusEvent> serializer =
        config.avroOutput() ? new ConfluentAvroSerializer<>() : new JsonRecordSerializer<>();
    serializer.configure(serdeConfig(), false);
    return serializer;
  }

  private Map<String, Object> serdeConfig() {
    Map<String, Object> serde = new HashMap<>();
    if (!config.getSchemaRegistryUrl().isBlank()) {
      serde.put(SerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, config.getSchemaRegistryUrl());
    }
    return serde;
  }

  @PreDestroy
  void close() {
    producer.close(Duration.ofSeconds(10));
  }
}

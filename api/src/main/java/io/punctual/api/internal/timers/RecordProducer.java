package io.punctual.api.internal.timers;

import io.punctual.api.internal.SchedulerBinding;
import io.punctual.api.internal.problems.ApiProblem;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Writes timer definitions, tombstones and commands, keyed by timer id, with {@code acks=all} and
 * idempotence; each write returns once acknowledged, so a 202 means the record is in the log.
 */
@Singleton
public class RecordProducer implements AutoCloseable {
  private static final long SEND_TIMEOUT_SECONDS = 30;

  private final KafkaProducer<String, byte[]> producer;

  public RecordProducer(SchedulerBinding binding) {
    Map<String, Object> settings = new HashMap<>();
    new StreamsConfig(binding.config().streamsProperties())
        .getProducerConfigs("punctual-api")
        .forEach(settings::put);
    settings.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    settings.put(ProducerConfig.CLIENT_ID_CONFIG, "punctual-api-" + binding.config().instanceId());
    settings.put(ProducerConfig.ACKS_CONFIG, "all");
    settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    settings.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    this.producer = new KafkaProducer<>(settings);
  }

  /**
   * Writes {@code value} (null: a tombstone) under {@code key} and waits for the acknowledgement.
   */
  public void send(String topic, String key, String value, long timestamp) {
    byte[] bytes = value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    try {
      producer
          .send(new ProducerRecord<>(topic, null, timestamp, key, bytes))
          .get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw ApiProblem.unavailable(
          "could not write to " + topic + ": " + e.getCause().getMessage());
    } catch (TimeoutException e) {
      throw ApiProblem.unavailable("Kafka did not acknowledge the write to " + topic + " in time");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiProblem.unavailable("interrupted while writing to " + topic);
    }
  }

  @PreDestroy
  @Override
  public void close() {
    producer.close();
  }
}

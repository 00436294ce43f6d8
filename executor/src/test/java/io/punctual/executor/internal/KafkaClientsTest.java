package io.punctual.executor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.punctual.executor.ExecutorConfig;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {
  @Test
  void shouldBoundHowLongADeliveryWaitsForATopicsMetadata() {
    // Given a delivery-max-block of 3 s, and client settings that leave max.block.ms at 60 s
    ExecutorConfig config = new ExecutorConfig();
    config.setDeliveryMaxBlock(Duration.ofSeconds(3));
    Map<String, Object> shared =
        Map.of(ProducerConfig.CLIENT_ID_CONFIG, "p", ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);

    // When the delivery producer is configured
    Map<String, Object> deliveries = KafkaClients.deliveryProducerConfig(shared, config);

    // Then its sends wait at most 3 s for metadata
    assertEquals(3_000L, deliveries.get(ProducerConfig.MAX_BLOCK_MS_CONFIG));
    assertEquals("p-deliveries", deliveries.get(ProducerConfig.CLIENT_ID_CONFIG));
  }

  @Test
  void shouldBatchStatusEventsLongerThanDeliveriesUnlessLingerIsConfigured() {
    ExecutorConfig config = new ExecutorConfig();
    Map<String, Object> shared = Map.of(ProducerConfig.CLIENT_ID_CONFIG, "p");

    assertEquals(
        KafkaClients.STATUS_LINGER_MS,
        KafkaClients.statusProducerConfig(shared).get(ProducerConfig.LINGER_MS_CONFIG));
    assertEquals(
        KafkaClients.DELIVERY_LINGER_MS,
        KafkaClients.deliveryProducerConfig(shared, config).get(ProducerConfig.LINGER_MS_CONFIG));

    Map<String, Object> configured = Map.of(ProducerConfig.LINGER_MS_CONFIG, 3);
    assertEquals(
        3, KafkaClients.statusProducerConfig(configured).get(ProducerConfig.LINGER_MS_CONFIG));
    assertEquals(
        3,
        KafkaClients.deliveryProducerConfig(configured, config)
            .get(ProducerConfig.LINGER_MS_CONFIG));
  }
}

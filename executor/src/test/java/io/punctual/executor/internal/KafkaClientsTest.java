package io.punctual.executor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {
  @Test
  void shouldBatchStatusEventsUnlessLingerIsConfigured() {
    // Given shared producer settings without linger.ms, then status events linger a while
    Map<String, Object> shared = Map.of(ProducerConfig.CLIENT_ID_CONFIG, "p");
    assertEquals(
        KafkaClients.STATUS_LINGER_MS,
        KafkaClients.statusProducerConfig(shared).get(ProducerConfig.LINGER_MS_CONFIG));

    // Given linger.ms configured, then it stands
    Map<String, Object> configured = Map.of(ProducerConfig.LINGER_MS_CONFIG, 3);
    assertEquals(
        3, KafkaClients.statusProducerConfig(configured).get(ProducerConfig.LINGER_MS_CONFIG));
  }
}

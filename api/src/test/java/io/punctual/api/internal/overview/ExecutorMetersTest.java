package io.punctual.api.internal.overview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.punctual.api.internal.Json;
import org.junit.jupiter.api.Test;

class ExecutorMetersTest {
  @Test
  void shouldReadTheExecutorsGaugesAndAttemptsByOutcome() {
    // Given an executor's Prometheus exposition
    String exposition =
        """
        # HELP punctual_executor_in_flight Actions running
        # TYPE punctual_executor_in_flight gauge
        punctual_executor_in_flight 3.0
        punctual_executor_held 12.0
        punctual_executor_consumption_paused 0.0
        punctual_executor_calls_total{outcome="SUCCEEDED",} 41.0
        punctual_executor_calls_total{outcome="FAILED",} 2.0
        punctual_executor_lateness_seconds_bucket{le="0.001",} 5.0
        jvm_threads_live_threads 40.0
        """;

    // When it is read
    ObjectNode node = Json.object();
    ExecutorMeters.parse(exposition, node);

    // Then the gauges and the calls per outcome are there, nothing else
    assertEquals(3.0, node.path("inFlight").asDouble());
    assertEquals(12.0, node.path("held").asDouble());
    assertFalse(node.path("paused").asBoolean());
    assertEquals(41.0, node.path("calls").path("SUCCEEDED").asDouble());
    assertEquals(2.0, node.path("calls").path("FAILED").asDouble());
    assertEquals(2, node.path("calls").size());
    assertEquals(4, node.size(), node.toString());
  }
}

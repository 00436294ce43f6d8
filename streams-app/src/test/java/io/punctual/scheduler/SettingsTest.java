package io.punctual.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings and their validation at start-up. */
class SettingsTest {
  @Test
  void shouldDefaultToExactlyOnceV2() {
    SchedulerConfig config = new SchedulerConfig(Map.of("bootstrap.servers", "k:9092"));
    assertEquals("exactly_once_v2", config.streamsProperties().get("processing.guarantee"));
  }

  @Test
  void shouldNameTheKeyOfABadValue() {
    PunctualConfigException error =
        assertThrows(
            PunctualConfigException.class,
            () ->
                new SchedulerConfig(
                    Map.of("bootstrap.servers", "k:9092", "punctual.lookahead.ms", "-5")));
    assertTrue(error.getMessage().contains("punctual.lookahead.ms"), error.getMessage());
  }

  @Test
  void shouldRejectAnUnknownPunctualKey() {
    PunctualConfigException error =
        assertThrows(
            PunctualConfigException.class,
            () ->
                new SchedulerConfig(
                    Map.of("bootstrap.servers", "k:9092", "punctual.lookahed.ms", "5")));
    assertTrue(error.getMessage().contains("punctual.lookahed.ms"), error.getMessage());
  }

  @Test
  void shouldRequireBootstrapServersAndARegistryForAvro() {
    assertThrows(PunctualConfigException.class, () -> new SchedulerConfig(Map.of()));
    PunctualConfigException error =
        assertThrows(
            PunctualConfigException.class,
            () ->
                new SchedulerConfig(
                    Map.of("bootstrap.servers", "k:9092", "punctual.output.format", "avro")));
    assertTrue(error.getMessage().contains("punctual.schema.registry.url"), error.getMessage());
  }
}

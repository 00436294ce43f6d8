package io.punctual.contract;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.InvalidTimerException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReservedTopicsTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "punctual.timers",
        "Punctual.Status",
        "punctual.connect.configs",
        "punctual.ksql.failures-hourly",
        "punctual-scheduler-timers-changelog",
        "__consumer_offsets",
        "_schemas",
        "_confluent-ksql-punctual_ksql__command_topic",
        "_connect-configs",
        "connect-configs",
        "CONNECT-OFFSETS",
        "connect-status"
      })
  void shouldRefuseTopicsThatCouldChangeAnotherTenantsTimersOrWhatRunsBesidePunctual(String topic) {
    InvalidTimerException refused =
        assertThrows(InvalidTimerException.class, () -> ReservedTopics.DEFAULT.check(topic));
    assertTrue(refused.getMessage().contains("is reserved"), refused.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"orders", "connect-events", "orders_v2", "punctual-events", "ksql"})
  void shouldAllowOtherTopics(String topic) {
    assertDoesNotThrow(() -> ReservedTopics.DEFAULT.check(topic));
  }
}

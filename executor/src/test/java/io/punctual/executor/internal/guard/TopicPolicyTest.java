package io.punctual.executor.internal.guard;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.InvalidTimerException;
import io.punctual.contract.ReservedTopics;
import io.punctual.executor.ExecutorConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicPolicyTest {
  @Test
  void shouldRefuseReservedTopicsWhateverTheAllowlist() {
    // Given a deployment with prefix acme and scheduler id acme-scheduler, allowing everything
    ExecutorConfig config = new ExecutorConfig();
    config.setTopicPrefix("acme");
    config.setSchedulerApplicationId("acme-scheduler");
    config.setAllowTopics(List.of(".*"));
    TopicPolicy policy = TopicPolicy.of(config);

    // When / Then
    for (String topic :
        List.of(
            "acme.triggers",
            "ACME.status",
            "acme-scheduler-timers-changelog",
            "__consumer_offsets",
            "_schemas")) {
      InvalidTimerException refused =
          assertThrows(InvalidTimerException.class, () -> policy.check(topic), topic);
      assertTrue(refused.getMessage().contains(ReservedTopics.FIELD), refused.getMessage());
    }
    assertDoesNotThrow(() -> policy.check("orders"));
  }

  @Test
  void shouldAllowOnlyTopicsMatchingAPatternWhenThereIsOne() {
    // Given an allowlist of whole-name patterns
    TopicPolicy policy =
        new TopicPolicy(ReservedTopics.DEFAULT, List.of("orders\\..*", " billing-events "));

    // When / Then
    assertDoesNotThrow(() -> policy.check("orders.created"));
    assertDoesNotThrow(() -> policy.check("billing-events"));
    String refused =
        assertThrows(InvalidTimerException.class, () -> policy.check("orders")).getMessage();
    assertTrue(refused.contains("allow-topics"), refused);
    assertThrows(InvalidTimerException.class, () -> policy.check("billing-events-2"));
  }
}

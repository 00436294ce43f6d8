package io.punctual.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ExecutorCommandTest {
  @Test
  void shouldPassTheTopicAllowlistAsTheExecutorsSetting() {
    // Given the command line of an executor confining Kafka targets
    ExecutorCommand command = new ExecutorCommand();
    new CommandLine(command)
        .parseArgs("--bootstrap-servers", "kafka:9092", "--allow-topics", "orders\\..*,billing");

    // When its settings are built
    var properties = command.properties();

    // Then the allowlist is punctual.executor.allow-topics
    assertEquals("orders\\..*,billing", properties.get("punctual.executor.allow-topics"));
    assertEquals("kafka:9092", properties.get("kafka.bootstrap.servers"));
  }

  @Test
  void shouldLeaveTheTopicAllowlistUnsetByDefault() {
    // Given a command line without --allow-topics
    ExecutorCommand command = new ExecutorCommand();
    new CommandLine(command).parseArgs("--bootstrap-servers", "kafka:9092");

    // When / Then
    assertFalse(command.properties().containsKey("punctual.executor.allow-topics"));
  }
}

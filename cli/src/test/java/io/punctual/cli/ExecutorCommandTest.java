package io.punctual.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.punctual.scheduler.SchedulerConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ExecutorCommandTest {
  @Test
  void shouldPassTheTopicAllowlistAsTheSchedulersSetting() {
    // Given the command line of a scheduler confining Kafka targets and delayed records
    SchedulerCommand command = new SchedulerCommand();
    new CommandLine(command)
        .parseArgs("--bootstrap-servers", "kafka:9092", "--allow-topics", "orders\\..*,billing");

    // When its settings are built
    var settings = command.options.settings();

    // Then the allowlist is the scheduler's punctual.delay.allow.topics: the scheduler writes them
    assertEquals("orders\\..*,billing", settings.get(SchedulerConfig.DELAY_ALLOW_TOPICS_CONFIG));
    assertEquals("kafka:9092", settings.get("bootstrap.servers"));
  }

  @Test
  void shouldNoLongerTakeATopicAllowlistForTheExecutor() {
    // Given an executor's command line, then --allow-topics is not one of its options
    ExecutorCommand command = new ExecutorCommand();
    CommandLine line = new CommandLine(command);
    assertFalse(line.getCommandSpec().optionsMap().containsKey("--allow-topics"));

    // And its settings hold no allowlist
    line.parseArgs("--bootstrap-servers", "kafka:9092");
    assertFalse(command.properties().containsKey("punctual.executor.allow-topics"));
  }
}

package io.punctual.cli;

import io.punctual.scheduler.SchedulerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The command-line options that set a scheduler's settings, for the commands that start one: {@code
 * --config FILE}, then the {@code PUNCTUAL_*} environment, then {@code --set KEY=VALUE}, then
 * {@code --bootstrap-servers}.
 */
public final class SchedulerOptions {
  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT",
      description = "Kafka bootstrap servers (bootstrap.servers).")
  String bootstrapServers;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Properties file with Punctual and Kafka Streams settings.")
  Path configFile;

  @Option(
      names = "--allow-topics",
      split = ",",
      paramLabel = "LIST",
      description =
          "Regular expressions (comma-separated, each matching a whole topic name) of the topics"
              + " Kafka targets and delayed records may be written to ("
              + SchedulerConfig.DELAY_ALLOW_TOPICS_CONFIG
              + "). Default: every topic that is not reserved; reserved topics are always refused.")
  List<String> allowTopics = new ArrayList<>();

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "One setting; repeatable. Overrides the file and the environment.")
  List<String> sets = new ArrayList<>();

  /** The merged settings, before validation (a {@link SchedulerConfig} validates them). */
  public Map<String, Object> settings() {
    Map<String, Object> settings = SettingsLoader.load(configFile, System.getenv(), sets);
    if (bootstrapServers != null) {
      settings.put("bootstrap.servers", bootstrapServers);
    }
    if (!allowTopics.isEmpty()) {
      settings.put(SchedulerConfig.DELAY_ALLOW_TOPICS_CONFIG, String.join(",", allowTopics));
    }
    return settings;
  }
}

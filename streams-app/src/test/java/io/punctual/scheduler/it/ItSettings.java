package io.punctual.scheduler.it;

import io.punctual.devkit.EmbeddedKafka;
import io.punctual.scheduler.SchedulerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

/** Scheduler settings for a test: its own topics, application id and state directory. */
final class ItSettings {
  private ItSettings() {}

  static Map<String, Object> of(EmbeddedKafka kafka, String prefix) throws IOException {
    Map<String, Object> settings = new HashMap<>();
    settings.put("bootstrap.servers", kafka.bootstrapServers());
    settings.put("application.id", prefix + "-scheduler");
    settings.put("state.dir", Files.createTempDirectory(prefix).toString());
    settings.put(SchedulerConfig.TOPIC_PREFIX_CONFIG, prefix);
    settings.put(SchedulerConfig.TOPICS_PARTITIONS_CONFIG, "6");
    return settings;
  }
}

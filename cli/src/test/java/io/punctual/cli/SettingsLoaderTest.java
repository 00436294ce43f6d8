package io.punctual.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.punctual.scheduler.PunctualConfigException;
import io.punctual.scheduler.SchedulerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's settings: from a file, the environment and --set. */
class SettingsLoaderTest {
  @TempDir Path dir;

  @Test
  void shouldLetTheEnvironmentOverrideTheFileAndSetOverrideBoth() throws Exception {
    // Given a file, environment variables and --set pairs that overlap
    Path file = dir.resolve("scheduler.properties");
    Files.writeString(
        file,
        "bootstrap.servers=file:9092\npunctual.lookahead.ms=100\npunctual.topic.prefix=fromfile\n");
    Map<String, String> env =
        Map.of(
            "PUNCTUAL_LOOKAHEAD_MS", "200",
            "PUNCTUAL_KAFKA_NUM_STANDBY_REPLICAS", "1",
            "PUNCTUAL_JAVA_OPTS", "-Xmx1g",
            "HOME", "/home/someone");
    // When they are loaded
    Map<String, Object> settings =
        SettingsLoader.load(file, env, List.of("punctual.lookahead.ms=300"));
    SchedulerConfig config = new SchedulerConfig(settings);
    // Then each source overrides the previous one, and the launcher's variables are left alone
    assertEquals(300, config.lookaheadMs());
    assertEquals("fromfile", config.topics().prefix());
    assertEquals("1", config.streamsProperties().get("num.standby.replicas"));
    assertEquals("file:9092", config.streamsProperties().get("bootstrap.servers"));
    assertFalse(settings.containsKey("punctual.java.opts"));
    assertFalse(settings.containsKey("home"));
  }

  @Test
  void shouldRejectASetWithoutEquals() {
    assertThrows(
        PunctualConfigException.class,
        () -> SettingsLoader.load(null, Map.of(), List.of("punctual.lookahead.ms")));
  }
}

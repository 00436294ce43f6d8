package io.punctual.cli;

import io.punctual.scheduler.PunctualConfigException;
import io.punctual.scheduler.SchedulerConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Gathers settings from their sources, each over the previous one: a properties file, the
 * environment, then {@code key=value} pairs given on the command line.
 *
 * <p>Environment variables {@code PUNCTUAL_X_Y} set {@code punctual.x.y} when that is a declared
 * setting (others, such as the launcher's {@code PUNCTUAL_JAVA_OPTS}, are left alone); {@code
 * PUNCTUAL_SERDE_X} sets {@code punctual.serde.x}; {@code PUNCTUAL_KAFKA_X_Y} sets the Kafka key
 * {@code x.y} (e.g. {@code PUNCTUAL_KAFKA_BOOTSTRAP_SERVERS}).
 */
public final class SettingsLoader {
  static final String ENV_PREFIX = "PUNCTUAL_";
  static final String ENV_KAFKA_PREFIX = "PUNCTUAL_KAFKA_";

  private SettingsLoader() {}

  /** Merges the sources; {@code file} may be null. */
  public static Map<String, Object> load(Path file, Map<String, String> env, List<String> sets) {
    Map<String, Object> settings = new HashMap<>();
    if (file != null) {
      settings.putAll(readFile(file));
    }
    settings.putAll(fromEnvironment(env));
    for (String set : sets) {
      int equals = set.indexOf('=');
      if (equals <= 0) {
        throw new PunctualConfigException("--set expects key=value, got '" + set + "'");
      }
      settings.put(set.substring(0, equals).trim(), set.substring(equals + 1).trim());
    }
    return settings;
  }

  static Map<String, String> fromEnvironment(Map<String, String> env) {
    Map<String, String> settings = new HashMap<>();
    env.forEach(
        (name, value) -> {
          if (name.startsWith(ENV_KAFKA_PREFIX)) {
            settings.put(key(name.substring(ENV_KAFKA_PREFIX.length())), value);
          } else if (name.startsWith(ENV_PREFIX)) {
            String key = "punctual." + key(name.substring(ENV_PREFIX.length()));
            if (SchedulerConfig.CONFIG_DEF.names().contains(key)
                || key.startsWith(SchedulerConfig.SERDE_PREFIX)) {
              settings.put(key, value);
            }
          }
        });
    return settings;
  }

  private static String key(String envName) {
    return envName.toLowerCase(Locale.ROOT).replace('_', '.');
  }

  private static Map<String, String> readFile(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new PunctualConfigException(
          "cannot read config file " + file + ": " + e.getMessage(), e);
    }
    Map<String, String> settings = new HashMap<>();
    properties
        .stringPropertyNames()
        .forEach(name -> settings.put(name, properties.getProperty(name)));
    return settings;
  }
}

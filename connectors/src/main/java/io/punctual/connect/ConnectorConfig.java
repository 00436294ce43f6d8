package io.punctual.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A connector's configuration as Connect's REST API takes it ({@code {"name": ..., "config":
 * {...}}}), read from one of the files in {@code connectors/}. Values may name environment
 * variables of the worker as {@code ${env:NAME}}.
 */
public record ConnectorConfig(String name, Map<String, String> config) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ENV = Pattern.compile("\\$\\{env:([^}]+)}");

  public ConnectorConfig {
    config = Map.copyOf(config);
  }

  /** Reads one file. */
  public static ConnectorConfig read(Path file) {
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(file + " is not a connector configuration: " + e, e);
    }
    JsonNode name = root.path("name");
    JsonNode config = root.path("config");
    if (!name.isTextual() || !config.isObject()) {
      throw new IllegalArgumentException(
          file + " is not a connector configuration: expected {\"name\": ..., \"config\": {...}}");
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : config.properties()) {
      values.put(field.getKey(), field.getValue().asText());
    }
    return new ConnectorConfig(name.asText(), values);
  }

  /** Every {@code *.json} file of {@code dir}, by file name. */
  public static List<ConnectorConfig> readAll(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      List<ConnectorConfig> all = new ArrayList<>();
      files
          .filter(f -> f.getFileName().toString().endsWith(".json"))
          .sorted()
          .forEach(f -> all.add(read(f)));
      return all;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list connector configurations in " + dir, e);
    }
  }

  /** The environment variables the configuration names that {@code environment} lacks. */
  public Set<String> missingFrom(Map<String, String> environment) {
    Set<String> missing = new TreeSet<>();
    for (String value : config.values()) {
      Matcher matcher = ENV.matcher(value);
      while (matcher.find()) {
        if (!environment.containsKey(matcher.group(1))) {
          missing.add(matcher.group(1));
        }
      }
    }
    return missing;
  }

  /** The configuration as the REST API's {@code PUT /connectors/<name>/config} takes it. */
  String configJson() {
    try {
      return JSON.writeValueAsString(config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

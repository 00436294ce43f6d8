package io.punctual.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures of a run, written into the results file ({@code benchmarks/results/latest.json}): a
 * list of {@code {name, value, unit, target, date, command}}; a figure of the same name replaces
 * the older one.
 */
final class Figures {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String command;
  private final Map<String, ObjectNode> figures = new LinkedHashMap<>();

  Figures(String command) {
    this.command = command;
  }

  /** Adds a figure; {@code target} is the goal as text ("≥ 50000"), or null. */
  void add(String name, double value, String unit, String target) {
    ObjectNode figure = JSON.createObjectNode();
    figure.put("name", name);
    figure.put("value", Math.round(value * 1000) / 1000.0);
    figure.put("unit", unit);
    figure.put("target", target);
    figure.put("date", LocalDate.now(ZoneOffset.UTC).toString());
    figure.put("command", command);
    figures.put(name, figure);
    System.out.printf("FIGURE %-55s %14.3f %-8s target %s%n", name, value, unit, target);
  }

  /** Merges this run's figures into {@code file}. */
  void writeTo(Path file) {
    try {
      Map<String, JsonNode> all = new LinkedHashMap<>();
      if (Files.exists(file)) {
        for (JsonNode figure : JSON.readTree(file.toFile())) {
          all.put(figure.path("name").asText(), figure);
        }
      }
      all.putAll(figures);
      ArrayNode list = JSON.createArrayNode();
      all.values().forEach(list::add);
      Files.createDirectories(file.toAbsolutePath().getParent());
      JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), list);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

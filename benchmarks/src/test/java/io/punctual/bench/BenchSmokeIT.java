package io.punctual.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.punctual.scheduler.PunctualCommandLine;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tiny runs of the benchmark harness, so that CI keeps it working. Not measurements. */
class BenchSmokeIT {
  @TempDir Path dir;

  @Test
  void shouldFireEveryTimerOnceAndWriteTheFigures() throws Exception {
    // Given a run of 2,000 timers
    Path results = dir.resolve("latest.json");
    int exit =
        PunctualCommandLine.of(new Bench())
            .execute(
                "firing-rate",
                "--timers",
                "2000",
                "--window",
                "PT2S",
                "--lead",
                "PT8S",
                "--heap",
                "512m",
                "--out",
                results.toString(),
                "--work",
                dir.resolve("work").toString());

    // Then it wrote every figure, and every timer fired exactly once and not early
    assertEquals(0, exit);
    Map<String, JsonNode> figures = new HashMap<>();
    for (JsonNode figure : new ObjectMapper().readTree(results.toFile())) {
      figures.put(figure.path("name").asText(), figure);
      for (String field : new String[] {"value", "unit", "date", "command"}) {
        assertTrue(figure.has(field), figure + " has no " + field);
      }
    }
    for (String run : new String[] {"window", "burst"}) {
      String key = "punctual.firing." + run;
      assertEquals(2000, figures.get(key + ".fired").path("value").asLong(), key);
      assertEquals(0, figures.get(key + ".duplicates").path("value").asLong(), key);
      assertEquals(0, figures.get(key + ".early").path("value").asLong(), key);
    }
    assertTrue(figures.get("raw.streams.eos.passthrough.rate").path("value").asDouble() > 0);
  }

  @Test
  void shouldPerformEveryInvocationOnceThroughTheExecutorAndWriteTheFigures() throws Exception {
    // Given a run of 2,000 invocations
    Path results = dir.resolve("executor.json");
    int exit =
        PunctualCommandLine.of(new Bench())
            .execute(
                "executor-rate",
                "--invocations",
                "2000",
                "--heap",
                "512m",
                "--out",
                results.toString(),
                "--work",
                dir.resolve("work-executor").toString());

    // Then the target received each call once and every invocation has its outcomes
    assertEquals(0, exit);
    Map<String, Double> figures = new HashMap<>();
    for (JsonNode figure : new ObjectMapper().readTree(results.toFile())) {
      figures.put(figure.path("name").asText(), figure.path("value").asDouble());
    }
    assertEquals(2000.0, figures.get("executor.http.calls"));
    assertEquals(2000.0, figures.get("executor.http.succeeded"));
    assertTrue(figures.get("executor.http.most_in_flight") <= 256);
  }
}

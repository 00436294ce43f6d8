package io.punctual.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.punctual.cli.PunctualCommandLine;
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

  @Test
  void shouldMeasureTriggerAndActionLatenessWithAndWithoutLookahead() throws Exception {
    // Given 200 firings a second for 3 s, through the executor, with lookahead 0 and 500 ms
    Map<String, Double> figures =
        run(
            "precision",
            "--rates",
            "200",
            "--lookahead",
            "0,500",
            "--duration",
            "PT3S",
            "--warmup",
            "PT1S",
            "--heap",
            "512m");

    // Then every action arrived once and none early, and the trigger lateness was measured
    for (String lookahead : new String[] {"0", "500"}) {
      String key = "punctual.precision.http_target.200.lookahead_" + lookahead;
      assertEquals(600, figures.get(key + ".actions"), key);
      assertEquals(0, figures.get(key + ".actions.repeated"), key);
      assertEquals(0, figures.get(key + ".actions.early"), key);
      assertEquals(600, figures.get(key + ".trigger.fired"), key);
      assertTrue(figures.containsKey(key + ".action_lateness.p99"), key);
    }
    assertEquals(
        0,
        figures.get(
            "punctual.precision.http_target.200.lookahead_0.trigger.emitted_before_instant"));
  }

  @Test
  void shouldAccountForEveryProbeAcrossAKillAndRestartWithTimersPending() throws Exception {
    // Given 5,000 pending timers, a steady load, and probes across a kill -9 and restart
    Map<String, Double> figures =
        run(
            "scale",
            "--pending",
            "5000",
            "--rate",
            "200",
            "--duration",
            "PT3S",
            "--warmup",
            "PT1S",
            "--probe-span",
            "PT30S",
            "--heap",
            "512m");

    // Then the steady load fired once each, and no probe was lost, doubled or early
    String key = "punctual.scale.5000";
    assertEquals(600, figures.get(key + ".steady_200.fired"));
    assertEquals(0, figures.get(key + ".steady_200.duplicates"));
    assertEquals(0, figures.get(key + ".steady_200.early"));
    assertEquals(0, figures.get(key + ".restart.probes.missing"));
    assertEquals(0, figures.get(key + ".restart.probes.duplicates"));
    assertEquals(0, figures.get(key + ".restart.probes.early"));
    assertTrue(figures.get(key + ".restart.to_first_firing") > 0);
    // And the scheduler's GC log was read
    assertTrue(figures.get(key + ".heap.gc.max_after") > 0);
  }

  @Test
  void shouldAccountForEveryProbeAcrossTheFailoverOfOneOfTwoInstances() throws Exception {
    // Given two instances with standbys sharing 2,000 pending timers, and probes across a kill -9
    Map<String, Double> figures =
        run("failover", "--pending", "2000", "--probe-span", "PT35S", "--heap", "512m");

    // Then the survivor took over: no probe was lost, doubled or early
    String key = "punctual.failover";
    assertEquals(0, figures.get(key + ".probes.missing"));
    assertEquals(0, figures.get(key + ".probes.duplicates"));
    assertEquals(0, figures.get(key + ".probes.early"));
    assertTrue(figures.get(key + ".to_all_partitions_firing") > 0);
  }

  /** Runs a scenario into a results file of its own; returns its figures by name. */
  private Map<String, Double> run(String scenario, String... options) throws Exception {
    Path results = dir.resolve(scenario + ".json");
    String[] args = new String[options.length + 5];
    args[0] = scenario;
    System.arraycopy(options, 0, args, 1, options.length);
    args[options.length + 1] = "--out";
    args[options.length + 2] = results.toString();
    args[options.length + 3] = "--work";
    args[options.length + 4] = dir.resolve("work-" + scenario).toString();
    assertEquals(0, PunctualCommandLine.of(new Bench()).execute(args));
    Map<String, Double> figures = new HashMap<>();
    for (JsonNode figure : new ObjectMapper().readTree(results.toFile())) {
      figures.put(figure.path("name").asText(), figure.path("value").asDouble());
    }
    return figures;
  }
}

package io.punctual.bench;

import io.punctual.testkit.PunctualProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/**
 * The options every scenario takes: partitions of its topics, heap of the JVMs it starts, results
 * file, work directory, scheduler settings.
 */
final class RunOptions {
  @Option(names = "--partitions", description = "Partitions of every topic (default 6).")
  int partitions = 6;

  @Option(names = "--heap", description = "Heap of each JVM the run starts (default 1g).")
  String heap = "1g";

  @Option(names = "--out", description = "Results file (default benchmarks/results/latest.json).")
  Path out = Path.of("benchmarks", "results", "latest.json");

  @Option(
      names = "--work",
      description = "Working directory for logs, GC logs and state (default: a new one in /tmp).")
  Path work;

  @Option(
      names = "--set",
      description =
          "A scheduler setting, key=value (repeatable), e.g. a Kafka Streams override; the figures'"
              + " names then end in .tuned.")
  Map<String, String> settings = new TreeMap<>();

  /** The scheduler's setup with the {@code --set} settings applied. */
  PunctualProcesses.Scheduler tuned(PunctualProcesses.Scheduler setup) {
    for (Map.Entry<String, String> setting : settings.entrySet()) {
      setup = setup.with(setting.getKey(), setting.getValue());
    }
    return setup;
  }

  /** The {@code --set} options as given, for the command a figure names. */
  String settingsArguments() {
    return settings.entrySet().stream()
        .map(setting -> " --set " + setting.getKey() + "=" + setting.getValue())
        .collect(Collectors.joining());
  }

  /** What figures' names end with: {@code .tuned} when settings were given. */
  String tunedSuffix() {
    return settings.isEmpty() ? "" : ".tuned";
  }

  /** The work directory, created; printed so that logs can be found. */
  Path workDirectory() throws IOException {
    Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("bench");
    System.out.println("work directory: " + dir);
    return dir;
  }
}

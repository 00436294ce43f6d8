package io.punctual.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options every scenario takes: partitions of its topics, heap of the JVMs it starts, results
 * file, work directory.
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

  /** The work directory, created; printed so that logs can be found. */
  Path workDirectory() throws IOException {
    Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("bench");
    System.out.println("work directory: " + dir);
    return dir;
  }
}

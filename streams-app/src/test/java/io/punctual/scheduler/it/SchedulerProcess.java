package io.punctual.scheduler.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A scheduler in its own JVM, started with {@link SchedulerMain}, killable with SIGKILL. */
final class SchedulerProcess implements AutoCloseable {
  private final List<String> command;
  private final Path log;
  private Process process;

  SchedulerProcess(String bootstrapServers, Path log, List<String> sets) {
    this.log = log;
    command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(SchedulerMain.class.getName());
    command.add("--bootstrap-servers");
    command.add(bootstrapServers);
    for (String set : sets) {
      command.add("--set");
      command.add(set);
    }
  }

  /** Starts the process and waits until its scheduler is running. */
  void start(Duration timeout) throws IOException, InterruptedException {
    long offset = Files.exists(log) ? Files.size(log) : 0;
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    Process started = process;
    Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (!process.isAlive()) {
        throw new IllegalStateException("scheduler exited: see " + log);
      }
      String output = Files.readString(log);
      if (output.substring((int) Math.min(offset, output.length())).contains("-> RUNNING")) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("scheduler not running after " + timeout + ": see " + log);
  }

  /** SIGKILL: no shutdown hook, no commit, no goodbye to the group. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      try {
        kill();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

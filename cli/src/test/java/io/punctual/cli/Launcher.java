package io.punctual.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code bin/punctual} run as a process, as users run it, with its output collected by line. */
final class Launcher {
  private static final Path SCRIPT = Path.of("..", "bin", "punctual").toAbsolutePath();

  private final Process process;
  private final List<String> output = new CopyOnWriteArrayList<>();
  private final Thread reader;

  private Launcher(Process process) {
    this.process = process;
    this.reader = new Thread(this::read, "launcher-output");
    reader.start();
  }

  /** Starts {@code bin/punctual ARGS}, stderr merged into stdout. */
  static Launcher start(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
    command.addAll(List.of(args));
    return new Launcher(new ProcessBuilder(command).redirectErrorStream(true).start());
  }

  /** The lines printed so far. */
  List<String> output() {
    return output;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Waits until the lines printed satisfy {@code done}, the process exits, or the time is up. */
  boolean await(Predicate<List<String>> done, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!done.test(output) && process.isAlive() && System.nanoTime() < end) {
      Thread.sleep(200);
    }
    return done.test(output);
  }

  /** The first group of the first line matching {@code pattern}, waiting for it. */
  String awaitMatch(Pattern pattern, Duration timeout) throws InterruptedException {
    await(lines -> lines.stream().anyMatch(line -> pattern.matcher(line).find()), timeout);
    for (String line : output) {
      Matcher match = pattern.matcher(line);
      if (match.find()) {
        return match.group(1);
      }
    }
    throw new AssertionError("no line matching " + pattern + " in " + output);
  }

  /**
   * Sends SIGTERM (as Ctrl-C would; through the handle, which unlike Process#destroy leaves our end
   * of its output open) and returns the exit code, or -1 when it did not stop within a minute.
   */
  int stop() throws InterruptedException {
    process.toHandle().destroy();
    boolean stopped = process.waitFor(60, TimeUnit.SECONDS);
    reader.join(5_000);
    return stopped ? process.exitValue() : -1;
  }

  private void read() {
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        output.add(line);
        System.out.println("punctual> " + line);
      }
    } catch (IOException e) {
      output.add("read failed: " + e);
    }
  }
}

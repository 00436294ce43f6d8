package io.punctual.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM of its own (a broker, a scheduler, an executor, a benchmark app, bin/punctual), for the
 * tests, the benchmarks and the fault harness: started, awaited by its log, killed, suspended.
 */
public final class JavaProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;

  private JavaProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code mainClass args} with {@code -Xmx<heap>}, output to {@code <dir>/<name>.log}, its
   * garbage collections to {@code <dir>/<name>-gc.log}.
   */
  public static JavaProcess start(
      String name, Path dir, String heap, String mainClass, List<String> args) {
    return start(name, dir, heap, false, mainClass, args);
  }

  /**
   * The same, with a Java Flight Recording ({@code <dir>/<name>.jfr}, profile settings) when {@code
   * profile}.
   */
  public static JavaProcess start(
      String name, Path dir, String heap, boolean profile, String mainClass, List<String> args) {
    return start(
        name, dir, heap, profile, System.getProperty("java.class.path"), Map.of(), mainClass, args);
  }

  /**
   * Starts {@code mainClass args} on another classpath than this JVM's (heap 256 MiB), e.g. a
   * launcher's runtime classpath as users get it.
   */
  public static JavaProcess startOnClasspath(
      String name, Path dir, String classpath, String mainClass, List<String> args) {
    return start(name, dir, "256m", false, classpath, Map.of(), mainClass, args);
  }

  /**
   * Starts {@code mainClass args} on another classpath than this JVM's, with {@code -Xmx<heap>} and
   * more environment variables than this JVM's (e.g. those a connector configuration names).
   */
  public static JavaProcess startOnClasspath(
      String name,
      Path dir,
      String heap,
      String classpath,
      Map<String, String> environment,
      String mainClass,
      List<String> args) {
    return start(name, dir, heap, false, classpath, environment, mainClass, args);
  }

  private static JavaProcess start(
      String name,
      Path dir,
      String heap,
      boolean profile,
      String classpath,
      Map<String, String> environment,
      String mainClass,
      List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xms" + heap);
    command.add("-Xmx" + heap);
    command.add("-XX:+UseG1GC");
    command.add("-Xlog:gc:file=" + dir.resolve(name + "-gc.log"));
    // a crash of native code (RocksDB) leaves its report beside the log, not in the working dir
    command.add("-XX:ErrorFile=" + dir.resolve(name + "-hs_err_pid%p.log"));
    if (profile) {
      command.add(
          "-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
              + dir.resolve(name + ".jfr"));
    }
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.addAll(args);
    return run(name, dir, command, environment);
  }

  /**
   * Runs a script that starts a JVM, as users run it (e.g. {@code bin/punctual ARGS}), output to
   * {@code <dir>/<name>.log}.
   */
  public static JavaProcess script(String name, Path dir, List<String> command) {
    return run(name, dir, command, Map.of());
  }

  private static JavaProcess run(
      String name, Path dir, List<String> command, Map<String, String> environment) {
    Path log = dir.resolve(name + ".log");
    try {
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().putAll(environment);
      Process process =
          builder
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
      return new JavaProcess(name, process, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first group of the first log line matching {@code pattern}, waiting up to the timeout. */
  public String await(Pattern pattern, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      boolean alive = process.isAlive();
      try {
        Matcher match = pattern.matcher(Files.readString(log));
        if (match.find()) {
          return match.group(1);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (!alive) {
        throw new IllegalStateException(name + " exited; see " + log);
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(
        name + ": no " + pattern + " within " + timeout + "; see " + log);
  }

  /** The lines of its output so far. */
  public List<String> lines() {
    try {
      return Files.readAllLines(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Waits until its output satisfies {@code done}, it exits, or the time is up.
   *
   * @return whether the output satisfies {@code done}
   */
  public boolean awaitLines(Predicate<List<String>> done, Duration timeout)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!done.test(lines()) && process.isAlive() && System.nanoTime() < end) {
      Thread.sleep(200);
    }
    return done.test(lines());
  }

  /** Resident set size, from /proc (0 where there is none). */
  public long rssBytes() {
    try {
      for (String line :
          Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return 0;
  }

  /**
   * Writes the Java Flight Recording so far to {@code file} ({@code jcmd JFR.dump}): a recording is
   * otherwise written only at exit, and a SIGKILL loses it.
   */
  public void dumpRecording(Path file) throws IOException, InterruptedException {
    Process jcmd =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(process.pid()),
                "JFR.dump",
                "filename=" + file)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    if (!jcmd.waitFor(120, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
      throw new IllegalStateException("jcmd JFR.dump of " + name + " failed; see " + log);
    }
  }

  /** CPU time a process has used so far, in seconds: in user mode, and in the kernel for it. */
  public record CpuTimes(double user, double system) {
    /** User and system together. */
    public double total() {
      return user + system;
    }
  }

  /** CPU time the process has used so far, user and system, in seconds (0 once it is gone). */
  public double cpuSeconds() {
    return cpuTimes().total();
  }

  /** CPU time the process has used so far, user and system apart (0 once it is gone). */
  public CpuTimes cpuTimes() {
    return cpuTimes(process.pid());
  }

  /** CPU time this JVM (the benchmark driver) has used so far, in seconds. */
  public static double driverCpuSeconds() {
    return cpuTimes(ProcessHandle.current().pid()).total();
  }

  /**
   * Fields 14 and 15 of /proc/PID/stat, in clock ticks of 1/100 s (Linux's USER_HZ on the platforms
   * this runs on).
   */
  private static CpuTimes cpuTimes(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // the command name, in parentheses, may hold spaces: count fields after its end
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return new CpuTimes(Long.parseLong(fields[11]) / 100.0, Long.parseLong(fields[12]) / 100.0);
    } catch (IOException e) {
      return new CpuTimes(0, 0);
    }
  }

  /** The operating system's process id. */
  public long pid() {
    return process.pid();
  }

  /** Whether the process is still running (a suspended one is). */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** The file its output goes to. */
  public Path log() {
    return log;
  }

  /** SIGSTOP: the process freezes, sockets open, until {@link #resume()}. */
  public void suspend() throws InterruptedException {
    signal("STOP");
  }

  /** SIGCONT: a suspended process carries on where it stopped. */
  public void resume() throws InterruptedException {
    signal("CONT");
  }

  private void signal(String name) throws InterruptedException {
    try {
      Process kill =
          new ProcessBuilder("kill", "-s", name, Long.toString(process.pid()))
              .redirectErrorStream(true)
              .start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -s " + name + " " + name() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The name it was started with. */
  public String name() {
    return name;
  }

  /** Waits for the process to exit by itself; returns its exit code. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(name + " still running after " + timeout + "; see " + log);
    }
    return process.exitValue();
  }

  /** SIGKILL: the process dies at once, without closing anything. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  /**
   * SIGTERM (as Ctrl-C would), then waits for the process to stop.
   *
   * @return its exit code, or -1 when it did not stop within the timeout
   */
  public int terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  /** SIGTERM, then SIGKILL after 60 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}

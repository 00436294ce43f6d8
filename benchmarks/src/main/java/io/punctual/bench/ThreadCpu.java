package io.punctual.bench;

import io.punctual.testkit.JavaProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a JVM's CPU goes: its threads' CPU time as its thread dump reports it ({@code jcmd PID
 * Thread.print}, which names every thread, the JVM's own among them), summed per kind of thread
 * (the name with its numbers dropped), and the process's user and system time ({@link
 * JavaProcess#cpuTimes}; system time is the kernel's work in system calls).
 */
final class ThreadCpu {
  private static final Pattern THREAD =
      Pattern.compile("^\"(.*)\".* cpu=([0-9.]+)ms", Pattern.MULTILINE);

  /** One reading: CPU seconds per kind of thread, and the process's user and system seconds. */
  record Reading(Map<String, Double> kinds, double user, double system) {}

  private ThreadCpu() {}

  /** Reads the JVM now; threads that ended are not counted. */
  static Reading of(JavaProcess jvm) throws IOException, InterruptedException {
    Process jcmd =
        new ProcessBuilder("jcmd", Long.toString(jvm.pid()), "Thread.print")
            .redirectErrorStream(true)
            .start();
    String dump = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    jcmd.waitFor(30, TimeUnit.SECONDS);
    Map<String, Double> kinds = new TreeMap<>();
    Matcher thread = THREAD.matcher(dump);
    while (thread.find()) {
      kinds.merge(kind(thread.group(1)), Double.parseDouble(thread.group(2)) / 1000, Double::sum);
    }
    JavaProcess.CpuTimes times = jvm.cpuTimes();
    return new Reading(kinds, times.user(), times.system());
  }

  /** What a thread's name says it is: its name with every number replaced by {@code #}. */
  static String kind(String name) {
    return name.replaceAll("\\d+", "#");
  }

  /**
   * The CPU used between two readings over {@code seconds}, in cores: user and system, then each
   * kind of thread, most first, as text.
   */
  static String between(Reading start, Reading end, double seconds) {
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            "  user %.3f, system %.3f cores%n",
            (end.user() - start.user()) / seconds, (end.system() - start.system()) / seconds));
    end.kinds().entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue() - start.kinds().getOrDefault(e.getKey(), 0.0)))
        .filter(e -> e.getValue() > 0.0005 * seconds)
        .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
        .forEach(
            e ->
                text.append(
                    String.format("  %-48s %.3f cores%n", e.getKey(), e.getValue() / seconds)));
    return text.toString();
  }
}

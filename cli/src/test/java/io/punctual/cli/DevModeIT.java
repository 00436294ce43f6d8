package io.punctual.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/punctual dev}, as a newcomer runs it: within a minute it prints firings, the calls the
 * demo target receives and their outcomes; it stops cleanly on SIGTERM.
 */
class DevModeIT {
  private static final Path LAUNCHER = Path.of("..", "bin", "punctual").toAbsolutePath();
  private static final Pattern API_LINE = Pattern.compile("REST API at (http://localhost:\\d+)");

  @Test
  void shouldPrintFiringInvocationsWithinAMinuteAndStopCleanly() throws Exception {
    // Given the launcher started in dev mode
    Process dev =
        new ProcessBuilder(LAUNCHER.toString(), "dev", "--http-port", "0")
            .redirectErrorStream(true)
            .start();
    List<String> output = new CopyOnWriteArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(dev.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  output.add(line);
                  System.out.println("dev> " + line);
                }
              } catch (java.io.IOException e) {
                output.add("read failed: " + e);
              }
            });
    reader.start();
    try {
      // When a minute passes
      long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < end && !sawItAll(output) && dev.isAlive()) {
        Thread.sleep(200);
      }
      // Then it printed firings of the demo timers, the calls their target received, and the
      // outcomes the executor published
      assertTrue(count(output, "fired ") >= 3, "firings printed: " + output);
      assertTrue(output.stream().anyMatch(l -> l.startsWith("fired") && l.contains("demo-once@")));
      assertTrue(count(output, "target   POST /hook") >= 1, "target calls printed: " + output);
      assertTrue(count(output, "outcome  SUCCEEDED") >= 1, "outcomes printed: " + output);
      // and its REST API, without tokens, lists the demo timers
      String api = apiUrl(output);
      HttpResponse<String> timers =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(api + "/timers")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(200, timers.statusCode(), timers.body());
      assertTrue(timers.body().contains("demo-once"), timers.body());
    } finally {
      // And on SIGTERM (as on Ctrl-C) it stops everything and exits (through the handle, which
      // unlike Process#destroy leaves our end of its output open)
      dev.toHandle().destroy();
      assertTrue(dev.waitFor(60, TimeUnit.SECONDS), "dev mode did not stop");
      reader.join(5_000);
    }
    assertEquals(143, dev.exitValue(), "exit code after SIGTERM");
    assertTrue(output.contains("punctual dev: stopped"), "clean stop: " + output);
  }

  private static String apiUrl(List<String> output) {
    Matcher url =
        output.stream()
            .map(API_LINE::matcher)
            .filter(Matcher::find)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no REST API line: " + output));
    return url.group(1);
  }

  private static boolean sawItAll(List<String> output) {
    return count(output, "fired ") >= 3
        && count(output, "target   POST /hook") >= 1
        && count(output, "outcome  SUCCEEDED") >= 1
        && output.stream().anyMatch(l -> l.startsWith("fired") && l.contains("demo-once@"));
  }

  private static long count(List<String> output, String prefix) {
    return output.stream().filter(line -> line.startsWith(prefix)).count();
  }
}

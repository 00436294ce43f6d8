package io.punctual.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.testkit.JavaProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/punctual dev}, as a newcomer runs it: within a minute it prints firings, the calls the
 * demo target receives and their outcomes, and serves the REST API; it stops cleanly on SIGTERM.
 */
class DevModeIT {
  private static final Pattern API_LINE = Pattern.compile("REST API at (http://localhost:\\d+)");

  @Test
  void shouldPrintFiringInvocationsWithinAMinuteAndStopCleanly() throws Exception {
    // Given the launcher started in dev mode
    JavaProcess dev = Launcher.start("dev", "--http-port", "0");
    int exit;
    try {
      // When a minute passes
      dev.awaitLines(DevModeIT::sawItAll, Duration.ofSeconds(60));
      List<String> output = dev.lines();

      // Then it printed firings of the demo timers, the calls their target received, and the
      // outcomes published: the one-shot's Kafka record, which the scheduler writes itself (no
      // trigger), shows as its SUCCEEDED outcome
      assertTrue(count(output, "fired ") >= 3, "firings printed: " + output);
      assertTrue(output.stream().noneMatch(l -> l.startsWith("fired") && l.contains("demo-once@")));
      assertTrue(count(output, "target   POST /hook") >= 1, "target calls printed: " + output);
      assertTrue(count(output, "outcome  SUCCEEDED") >= 1, "outcomes printed: " + output);
      assertTrue(count(output, "outcome  SUCCEEDED       demo-once@") == 1, "delayed: " + output);
      // and its REST API, without tokens, lists the demo timers
      String api = dev.await(API_LINE, Duration.ofSeconds(1));
      HttpResponse<String> timers =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(api + "/timers")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(200, timers.statusCode(), timers.body());
      assertTrue(timers.body().contains("demo-once"), timers.body());
    } finally {
      // And on SIGTERM (as on Ctrl-C) it stops everything and exits
      exit = dev.terminate(Duration.ofSeconds(60));
    }
    List<String> output = dev.lines();
    assertEquals(143, exit, "exit code after SIGTERM");
    assertTrue(output.contains("punctual dev: stopped"), "clean stop: " + output);
  }

  private static boolean sawItAll(List<String> output) {
    return count(output, "fired ") >= 3
        && count(output, "target   POST /hook") >= 1
        && count(output, "outcome  SUCCEEDED") >= 1
        && count(output, "outcome  SUCCEEDED       demo-once@") >= 1;
  }

  private static long count(List<String> output, String prefix) {
    return output.stream().filter(line -> line.startsWith(prefix)).count();
  }
}

package io.punctual.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.testkit.JavaProcess;
import io.punctual.testkit.KafkaBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/punctual scheduler}: a scheduler instance with its REST API, as a process. */
class SchedulerCommandIT {
  private static final Pattern READY =
      Pattern.compile("Punctual scheduler ready: API at http://[^:]+:(\\d+)");
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  @TempDir Path state;

  @Test
  void shouldServeTheApiBesideTheSchedulerAndStopOnSigterm() throws Exception {
    // Given the scheduler command with an API port and an admin token
    JavaProcess scheduler =
        Launcher.start(
            "scheduler",
            "--bootstrap-servers",
            KAFKA.bootstrapServers(),
            "--http-port",
            "0",
            "--set",
            "state.dir=" + state,
            "--set",
            "punctual.topic.prefix=sc",
            "--api-set",
            "punctual.api.tokens.ops.token=ops-secret",
            "--api-set",
            "punctual.api.tokens.ops.admin=true",
            "--api-set",
            "punctual.api.internal-token=instances-secret");
    int exit;
    try {
      // When it is ready
      String api = "http://localhost:" + scheduler.await(READY, Duration.ofSeconds(120));

      // Then it reports readiness once its stream threads run (until then a PUT answers 503:
      // whether the id exists in another namespace cannot be known), takes a timer and serves it
      // back once applied
      assertEquals(200, awaitStatus(api + "/health/readiness", 200));
      assertEquals(202, send("PUT", api + "/timers/sc-1", TIMER).statusCode());
      assertEquals(200, awaitStatus(api + "/timers/sc-1", 200));
      assertEquals(401, send("GET", api + "/timers/sc-1", null, null).statusCode());
    } finally {
      // And SIGTERM stops it cleanly
      exit = scheduler.terminate(Duration.ofSeconds(60));
    }
    assertEquals(143, exit, String.join("\n", scheduler.lines()));
  }

  @Test
  void shouldRefuseAnApplicationServerThatIsNotTheApiPort() {
    // Given an application.server whose port differs from --http-port
    Refusal refusal =
        runInProcess(
            "scheduler",
            "--bootstrap-servers",
            KAFKA.bootstrapServers(),
            "--http-port",
            "18080",
            "--set",
            "application.server=localhost:9999");

    // Then it exits with 1 and says why, before starting anything
    assertEquals(1, refusal.exit());
    assertTrue(
        refusal.err().startsWith("punctual: application.server localhost:9999"), refusal.err());
  }

  @Test
  void shouldRefuseAnIncompleteApiConfigurationBeforeStartingAnything() throws Exception {
    // Given auth on (the default) and no token declared
    Refusal refusal =
        runInProcess(
            "scheduler",
            "--bootstrap-servers",
            KAFKA.bootstrapServers(),
            "--http-port",
            "0",
            "--set",
            "state.dir=" + state,
            "--set",
            "punctual.topic.prefix=incomplete",
            "--set",
            "application.id=incomplete-scheduler");

    // Then it exits with 1 naming the key, having created no topic and joined no group
    assertEquals(1, refusal.exit(), refusal.err());
    assertTrue(
        refusal.err().startsWith("punctual: invalid configuration punctual.api.tokens"),
        refusal.err());
    try (Admin admin =
        Admin.create(Map.of("bootstrap.servers", (Object) KAFKA.bootstrapServers()))) {
      assertTrue(
          admin.listTopics().names().get().stream().noneMatch(t -> t.startsWith("incomplete")),
          admin.listTopics().names().get().toString());
      assertTrue(
          admin.listGroups().all().get().stream()
              .noneMatch(g -> g.groupId().startsWith("incomplete")));
    }
  }

  @Test
  void shouldRunWithoutTheApi() throws Exception {
    // Given the scheduler command with --no-api and no token
    JavaProcess scheduler =
        Launcher.start(
            "scheduler",
            "--bootstrap-servers",
            KAFKA.bootstrapServers(),
            "--no-api",
            "--set",
            "state.dir=" + state,
            "--set",
            "punctual.topic.prefix=noapi",
            "--set",
            "application.id=noapi-scheduler");
    int exit;
    try {
      // When it is ready
      scheduler.await(
          Pattern.compile("(Punctual scheduler ready: no API)"), Duration.ofSeconds(120));
      // Then it runs: its topics exist
      try (Admin admin =
          Admin.create(Map.of("bootstrap.servers", (Object) KAFKA.bootstrapServers()))) {
        assertTrue(admin.listTopics().names().get().contains("noapi.timers"));
      }
    } finally {
      exit = scheduler.terminate(Duration.ofSeconds(60));
    }
    // And SIGTERM stops it cleanly
    assertEquals(143, exit, String.join("\n", scheduler.lines()));
  }

  /** How a command run in this JVM ended: its exit code and what it wrote to stderr. */
  private record Refusal(int exit, String err) {}

  private static Refusal runInProcess(String... args) {
    StringWriter err = new StringWriter();
    int exit = PunctualCommandLine.of(new PunctualCli()).setErr(new PrintWriter(err)).execute(args);
    return new Refusal(exit, err.toString());
  }

  private static final String TIMER =
      "{\"schedule\": {\"cron\": \"0 0 1 1 *\"}, \"target\": {\"kafka\": {\"topic\": \"out\"}}}";

  private static HttpResponse<String> send(String method, String url, String body)
      throws Exception {
    return send(method, url, body, "ops-secret");
  }

  private static HttpResponse<String> send(String method, String url, String body, String token)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static int awaitStatus(String url, int wanted) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    int status = send("GET", url, null).statusCode();
    while (status != wanted && System.nanoTime() < end) {
      Thread.sleep(200);
      status = send("GET", url, null).statusCode();
    }
    return status;
  }
}

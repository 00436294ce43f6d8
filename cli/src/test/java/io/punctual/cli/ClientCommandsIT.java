package io.punctual.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.punctual.api.PunctualApi;
import io.punctual.devkit.RecordingHttpTarget;
import io.punctual.executor.PunctualExecutor;
import io.punctual.scheduler.PunctualScheduler;
import io.punctual.scheduler.SchedulerConfig;
import io.punctual.testkit.KafkaBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The client commands of {@code bin/punctual} against a running system: a real broker, a scheduler
 * with its API (tokens on), an executor and a real HTTP target, in this JVM.
 */
@Timeout(300)
class ClientCommandsIT {
  private static final String PREFIX = "cli";
  private static final String ADMIN = "admin-token";
  private static final String BILLING = "billing-token";
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();
  private static PunctualScheduler scheduler;
  private static PunctualApi api;
  private static PunctualExecutor executor;
  private static RecordingHttpTarget target;
  private static String apiUrl;

  @TempDir static Path dir;

  @BeforeAll
  static void startSystem() throws Exception {
    target = RecordingHttpTarget.start();
    int port = PunctualApi.port(0);
    Map<String, Object> settings = new HashMap<>();
    settings.put("bootstrap.servers", KAFKA.bootstrapServers());
    settings.put("application.id", PREFIX + "-scheduler");
    settings.put("application.server", "localhost:" + port);
    settings.put("state.dir", Files.createDirectories(dir.resolve("state")).toString());
    settings.put(SchedulerConfig.TOPIC_PREFIX_CONFIG, PREFIX);
    settings.put(SchedulerConfig.TOPICS_PARTITIONS_CONFIG, "3");
    SchedulerConfig config = new SchedulerConfig(settings);
    scheduler = PunctualScheduler.start(config);
    api =
        PunctualApi.start(
            scheduler,
            config,
            Map.of(
                "micronaut.server.port",
                port,
                "punctual.api.tokens.ops.token",
                ADMIN,
                "punctual.api.tokens.ops.admin",
                true,
                "punctual.api.tokens.billing.token",
                BILLING,
                "punctual.api.tokens.billing.namespaces",
                List.of("billing"),
                "punctual.api.internal-token",
                "client-it-instances-secret"));
    executor =
        PunctualExecutor.start(
            Map.of(
                "kafka.bootstrap.servers",
                KAFKA.bootstrapServers(),
                "punctual.executor.topic-prefix",
                PREFIX,
                "punctual.executor.allow-loopback",
                true,
                "micronaut.server.port",
                -1));
    apiUrl = "http://localhost:" + api.port();
    assertTrue(scheduler.awaitRunning(Duration.ofSeconds(60)), "scheduler running");
  }

  @AfterAll
  static void stopSystem() {
    executor.close();
    api.close();
    scheduler.close();
    target.close();
  }

  /** What one command printed and returned. */
  record Run(int exit, String out, String err) {
    JsonNode json() throws Exception {
      return JSON.readTree(out);
    }
  }

  private static Run punctual(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli =
        PunctualCommandLine.of(new PunctualCli())
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private static Run client(String token, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--api", apiUrl, "--token", token));
    return punctual(all.toArray(String[]::new));
  }

  private static Run awaitRun(Predicate<Run> done, String token, String... args)
      throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Run run = client(token, args);
    while (!done.test(run) && System.nanoTime() < end) {
      Thread.sleep(200);
      run = client(token, args);
    }
    return run;
  }

  private static List<RecordingHttpTarget.Call> awaitCalls(String path, int count)
      throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < end) {
      List<RecordingHttpTarget.Call> calls =
          target.calls().stream().filter(call -> call.path().equals(path)).toList();
      if (calls.size() >= count) {
        return calls;
      }
      Thread.sleep(100);
    }
    return target.calls().stream().filter(call -> call.path().equals(path)).toList();
  }

  @Test
  void shouldCreateFromFlagsFireAndShowTheHistory() throws Exception {
    // Given a one-shot timer created from flags, due in two seconds
    Instant at = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.MILLIS);
    Run create =
        client(
            BILLING,
            "create",
            "flags-once",
            "--namespace",
            "billing",
            "--at",
            at.toString(),
            "--url",
            target.url() + "/flags-once",
            "--label",
            "team=billing");
    assertEquals(0, create.exit(), create.err());
    assertEquals("flags-once accepted\n", create.out());

    // When it fires, then the target is called once and get/history show it
    assertEquals(1, awaitCalls("/flags-once", 1).size());
    Run get = awaitRun(r -> r.out().contains("\"firings\" : 1"), BILLING, "get", "flags-once");
    assertEquals(0, get.exit(), get.err());
    assertEquals("billing", get.json().path("namespace").asText());
    assertEquals("billing", get.json().path("definition").path("labels").path("team").asText());
    Run history = awaitRun(r -> r.out().contains("SUCCEEDED"), BILLING, "history", "flags-once");
    assertTrue(history.out().startsWith("AT"), history.out());
    assertTrue(history.out().contains("flags-once@" + at.toEpochMilli()), history.out());
    Run historyJson = client(BILLING, "history", "flags-once", "--json");
    assertTrue(historyJson.json().path("invocations").size() >= 2, historyJson.out());
  }

  @Test
  void shouldCreateFromYamlAndJsonFilesAndListThem() throws Exception {
    // Given a YAML and a JSON definition
    Path yaml = dir.resolve("nightly.yaml");
    Files.writeString(
        yaml,
        """
        id: file-nightly
        namespace: billing
        schedule:
          cron: "0 2 * * *"
          timeZone: Europe/Paris
        target:
          http:
            url: https://billing.example/nightly
        labels:
          source: yaml
        """);
    Path json = dir.resolve("weekly.json");
    Files.writeString(
        json,
        "{\"namespace\": \"billing\", \"schedule\": {\"cron\": \"0 3 * * MON\"},"
            + " \"target\": {\"kafka\": {\"topic\": \"weekly\"}}, \"labels\": {\"source\":"
            + " \"json\"}}");

    // When they are created (the YAML's id from the file, the JSON's from the command line)
    assertEquals(0, client(BILLING, "create", "--file", yaml.toString()).exit());
    assertEquals(0, client(BILLING, "create", "file-weekly", "--file", json.toString()).exit());

    // Then both are listed in the namespace, filtered by label, as a table or JSON
    Run list =
        awaitRun(
            r -> r.out().contains("file-nightly") && r.out().contains("file-weekly"),
            BILLING,
            "list",
            "--namespace",
            "billing",
            "--all");
    assertTrue(list.out().startsWith("ID"), list.out());
    Run yamlOnly = client(BILLING, "list", "--namespace", "billing", "--label", "source:yaml");
    assertTrue(yamlOnly.out().contains("file-nightly"), yamlOnly.out());
    assertFalse(yamlOnly.out().contains("file-weekly"), yamlOnly.out());
    Run byPrefix = client(BILLING, "list", "--prefix", "file-w");
    assertTrue(byPrefix.out().contains("file-weekly"), byPrefix.out());
    assertFalse(byPrefix.out().contains("file-nightly"), byPrefix.out());
    JsonNode page = client(ADMIN, "list", "--label", "source:json", "--json").json();
    assertEquals("file-weekly", page.path("timers").get(0).path("id").asText());
    JsonNode nightly = client(BILLING, "get", "file-nightly").json();
    assertEquals(
        "Europe/Paris", nightly.path("definition").path("schedule").path("timeZone").asText());
  }

  @Test
  void shouldRefuseInvalidDefinitionsNamingTheFieldWithExitCode1() {
    // When a timer with an invalid cron, or an unknown zone, is created
    Run cron =
        client(ADMIN, "create", "bad-cron", "--cron", "61 * * * *", "--url", "https://x.example");
    Run zone =
        client(
            ADMIN,
            "create",
            "bad-zone",
            "--cron",
            "0 * * * *",
            "--tz",
            "Mars/Olympus",
            "--url",
            "https://x.example");

    // Then each fails with exit code 1 and one line on stderr naming the field, and is not there
    assertEquals(1, cron.exit());
    assertEquals("", cron.out());
    assertTrue(cron.err().startsWith("punctual: PUT /timers/bad-cron: 400"), cron.err());
    assertTrue(cron.err().contains("schedule.cron"), cron.err());
    assertEquals(1, zone.exit());
    assertTrue(zone.err().contains("schedule.timeZone"), zone.err());
    assertEquals(1, client(ADMIN, "get", "bad-cron").exit());
  }

  @Test
  void shouldExitWith2OnUsageErrorsAndPrintHelpForEveryCommand() {
    // Usage errors: no definition, both a file and flags, an unknown option, a missing range
    assertEquals(2, client(ADMIN, "create", "x").exit());
    assertEquals(
        2, client(ADMIN, "create", "x", "--file", "f.json", "--at", "2030-01-01T00:00:00Z").exit());
    assertEquals(2, client(ADMIN, "list", "--no-such-option").exit());
    assertEquals(2, client(ADMIN, "backfill", "x", "--from", "2026-01-01T00:00:00Z").exit());
    assertEquals(2, client(ADMIN, "upcoming", "--until", "soon").exit());

    // --help on every command
    for (String command :
        List.of(
            "create",
            "get",
            "list",
            "delete",
            "pause",
            "resume",
            "trigger",
            "backfill",
            "history",
            "upcoming",
            "tail",
            "scheduler",
            "executor",
            "dev",
            "schedule")) {
      Run help = punctual(command, "--help");
      assertEquals(0, help.exit(), command);
      assertTrue(help.out().startsWith("Usage: punctual " + command), help.out());
    }
  }

  @Test
  void shouldPauseResumeAndTriggerWithoutMovingTheSchedule() throws Exception {
    // Given a timer firing at noon on leap days, so no scheduled firing falls within the test
    assertEquals(
        0,
        client(
                ADMIN,
                "create",
                "leap-day",
                "--cron",
                "0 12 29 2 *",
                "--url",
                target.url() + "/leap-day")
            .exit());
    JsonNode before =
        awaitRun(r -> r.exit() == 0, ADMIN, "get", "leap-day").json().path("nextInstants");

    // When it is paused, resumed, and triggered
    assertEquals("leap-day pause accepted\n", client(ADMIN, "pause", "leap-day").out());
    awaitRun(r -> r.out().contains("\"paused\" : true"), ADMIN, "get", "leap-day");
    assertEquals("leap-day resume accepted\n", client(ADMIN, "resume", "leap-day").out());
    Run resumed = awaitRun(r -> r.out().contains("\"paused\" : false"), ADMIN, "get", "leap-day");
    assertTrue(resumed.out().contains("\"paused\" : false"), resumed.out());
    Run trigger = client(ADMIN, "trigger", "leap-day");

    // Then the trigger printed the invocation id the target receives, once, and the next
    // scheduled instant is unchanged
    assertEquals(0, trigger.exit(), trigger.err());
    String invocationId = trigger.out().strip();
    assertTrue(invocationId.startsWith("leap-day@"), invocationId);
    List<RecordingHttpTarget.Call> calls = awaitCalls("/leap-day", 1);
    assertEquals(1, calls.size());
    assertEquals(invocationId, calls.get(0).header("Idempotency-Key"));
    JsonNode after =
        awaitRun(r -> r.out().contains("\"firings\" : 1"), ADMIN, "get", "leap-day")
            .json()
            .path("nextInstants");
    assertEquals(before.get(0), after.get(0));
  }

  @Test
  void shouldBackfillTheRangeAndShowUpcomingFirings() throws Exception {
    // Given a timer firing every day at midnight UTC
    assertEquals(
        0,
        client(
                ADMIN,
                "create",
                "daily-backfill",
                "--cron",
                "0 0 * * *",
                "--url",
                target.url() + "/daily-backfill")
            .exit());
    awaitRun(r -> r.exit() == 0, ADMIN, "get", "daily-backfill");

    // When three past days are backfilled
    Run backfill =
        client(
            ADMIN,
            "backfill",
            "daily-backfill",
            "--from",
            "2026-01-01T00:00:00Z",
            "--to",
            "2026-01-03T00:00:00Z");

    // Then exactly those three instants fire, and the next midnight is upcoming
    assertEquals(
        "daily-backfill backfill of 3 instants accepted\n", backfill.out(), backfill.err());
    List<RecordingHttpTarget.Call> calls = awaitCalls("/daily-backfill", 3);
    assertEquals(3, calls.size());
    Run upcoming = client(ADMIN, "upcoming", "--until", "P1D", "--json");
    JsonNode firing = null;
    for (JsonNode each : upcoming.json().path("firings")) {
      if (each.path("timerId").asText().equals("daily-backfill")) {
        firing = each;
      }
    }
    assertTrue(firing != null, upcoming.out());
    Instant nextMidnight = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
    assertEquals(nextMidnight.toString(), firing.path("dueAt").asText());
    Run table = client(ADMIN, "upcoming", "--until", "P1D");
    assertTrue(table.out().startsWith("DUE"), table.out());
    assertTrue(table.out().contains("daily-backfill@" + nextMidnight.toEpochMilli()), table.out());
  }

  @Test
  void shouldDeleteAndEnforceTokens() throws Exception {
    // Given a timer of namespace "search"
    assertEquals(
        0,
        client(
                ADMIN,
                "create",
                "search-timer",
                "--namespace",
                "search",
                "--every",
                "PT1H",
                "--kafka-topic",
                "out")
            .exit());
    awaitRun(r -> r.exit() == 0, ADMIN, "get", "search-timer");

    // Then the billing token does not see it, no token is refused, a wrong API fails cleanly
    Run foreign = client(BILLING, "get", "search-timer");
    assertEquals(1, foreign.exit());
    assertTrue(foreign.err().contains("404"), foreign.err());
    Run anonymous = punctual("get", "search-timer", "--api", apiUrl);
    assertEquals(1, anonymous.exit());
    assertTrue(anonymous.err().contains("401"), anonymous.err());
    Run unreachable = punctual("list", "--api", "http://localhost:1", "--token", ADMIN);
    assertEquals(1, unreachable.exit());
    assertTrue(unreachable.err().startsWith("punctual: cannot reach the API"), unreachable.err());

    // When the admin deletes it, it is gone
    assertEquals("search-timer deleted\n", client(ADMIN, "delete", "search-timer").out());
    Run gone = awaitRun(r -> r.exit() == 1, ADMIN, "get", "search-timer");
    assertTrue(gone.err().contains("404"), gone.err());
  }

  @Test
  void shouldTailTheStatusTopicAsLinesOrJson() throws Exception {
    // Given a timer that fires once, and its outcome published
    Instant at = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.MILLIS);
    client(ADMIN, "create", "tailed", "--at", at.toString(), "--url", target.url() + "/tailed");
    awaitCalls("/tailed", 1);
    awaitRun(r -> r.out().contains("SUCCEEDED"), ADMIN, "history", "tailed");

    // When the status topic is tailed from the beginning for this timer
    String[] tail = {
      "tail",
      "--bootstrap-servers",
      KAFKA.bootstrapServers(),
      "--topic-prefix",
      PREFIX,
      "--from-beginning",
      "--timer",
      "tailed",
      "--max",
      "3"
    };
    Run human = punctual(tail);
    List<String> withJson = new ArrayList<>(List.of(tail));
    withJson.add("--json");
    Run json = punctual(withJson.toArray(String[]::new));

    // Then it prints its events, human-readable or as JSON lines
    assertEquals(0, human.exit(), human.err());
    // (the scheduler's COMPLETED when it fired the last instant, then the executor's outcomes)
    List<String> lines = human.out().lines().toList();
    assertEquals(3, lines.size(), human.out());
    assertTrue(lines.get(0).contains(" COMPLETED "), human.out());
    assertTrue(lines.get(1).contains(" STARTED ") && lines.get(1).contains("tailed@"), human.out());
    assertTrue(
        lines.get(2).contains(" SUCCEEDED ") && lines.get(2).contains("http 200"), human.out());
    List<String> types = new ArrayList<>();
    for (String line : json.out().lines().toList()) {
      JsonNode event = JSON.readTree(line);
      assertEquals("tailed", event.path("timerId").asText());
      types.add(event.path("type").asText());
    }
    assertEquals(List.of("COMPLETED", "STARTED", "SUCCEEDED"), types);
  }

  @Test
  void shouldDelayARecordCancelAnotherAndTailTheirDestination() throws Exception {
    // Given a destination topic
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic("cli-orders", 1, (short) 1))).all().get();
    }
    String[] kafka = {"--bootstrap-servers", KAFKA.bootstrapServers(), "--topic-prefix", PREFIX};

    // When a record is delayed by a second, and another delayed by a minute is cancelled
    Run delayed =
        punctual(
            concat(
                new String[] {"delay", "--to", "cli-orders", "--in", "PT1S", "--key", "order-1"},
                kafka,
                new String[] {"--value", "hello", "--header", "trace=abc"}));
    Run later =
        punctual(
            concat(
                new String[] {"delay", "--to", "cli-orders", "--in", "PT1M", "--key", "order-2"},
                kafka,
                new String[] {"--value", "never", "--id", "reminder-2"}));
    Run cancel =
        punctual(
            concat(
                new String[] {"delay", "--cancel", "--key", "order-2", "--id", "reminder-2"},
                kafka));
    Run tail =
        punctual(
            concat(
                new String[] {"tail", "--topic", "cli-orders", "--from-beginning", "--max", "1"},
                kafka,
                new String[] {"--json"}));

    // Then the first is delivered with its key, value and headers, and nothing else arrives
    assertEquals(0, delayed.exit(), delayed.err());
    assertTrue(delayed.out().startsWith("delayed record " + PREFIX + ".delayed-"), delayed.out());
    assertEquals(0, later.exit(), later.err());
    assertTrue(later.out().startsWith("delayed record reminder-2: "), later.out());
    assertEquals(0, cancel.exit(), cancel.err());
    assertEquals("cancel of reminder-2 sent to " + PREFIX + ".delayed\n", cancel.out());
    assertEquals(0, tail.exit(), tail.err());
    JsonNode record = JSON.readTree(tail.out());
    assertEquals("order-1", record.path("key").asText());
    assertEquals("hello", record.path("value").asText());
    assertEquals("abc", record.path("headers").path("trace").asText());
    assertTrue(record.path("headers").has("punctual-scheduled-at"), tail.out());
    // and a destination among Punctual's own topics is refused before anything is sent
    Run reserved =
        punctual(concat(new String[] {"delay", "--to", PREFIX + ".timers", "--in", "PT1S"}, kafka));
    assertTrue(reserved.exit() != 0, reserved.out());
    assertTrue(reserved.err().contains("is reserved"), reserved.err());
  }

  private static String[] concat(String[]... parts) {
    return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
  }
}

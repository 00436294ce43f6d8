package io.punctual.cli;

import io.punctual.Shutdown;
import io.punctual.api.PunctualApi;
import io.punctual.devkit.EmbeddedKafka;
import io.punctual.devkit.MiniSchemaRegistry;
import io.punctual.devkit.RecordingHttpTarget;
import io.punctual.devkit.RecordingHttpTarget.Response;
import io.punctual.executor.PunctualExecutor;
import io.punctual.scheduler.PunctualScheduler;
import io.punctual.scheduler.SchedulerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * What {@code punctual dev} runs: the devkit's broker, registry and demo target, with the
 * scheduler, its API and an executor. The only class of the launcher that touches the devkit, which
 * is on the classpath for {@code punctual dev} alone; {@link DevCommand} loads it when it runs.
 */
final class DevMode {
  private final boolean noDemo;
  private final int httpPort;
  private final List<String> sets;
  private final int connectPort;

  /**
   * @param connectPort the port of Kafka Connect's REST API, or -1 to run no Connect
   */
  DevMode(boolean noDemo, int httpPort, List<String> sets, int connectPort) {
    this.noDemo = noDemo;
    this.httpPort = httpPort;
    this.sets = sets;
    this.connectPort = connectPort;
  }

  /** Whether the devkit's classes can be loaded: bin/punctual adds them for dev mode alone. */
  static boolean devkitPresent() {
    try {
      return EmbeddedKafka.class != null;
    } catch (NoClassDefFoundError e) {
      return false;
    }
  }

  /** Starts everything, prints what happens until Ctrl-C or SIGTERM, then stops everything. */
  int run() throws Exception {
    Path stateDir = Files.createTempDirectory("punctual-dev");
    System.out.println("punctual dev: starting a Kafka broker...");
    EmbeddedKafka kafka = EmbeddedKafka.start();
    MiniSchemaRegistry registry = MiniSchemaRegistry.start(0);
    RecordingHttpTarget target = demoTarget();
    int apiPort = PunctualApi.port(httpPort);
    SchedulerConfig config = schedulerConfig(kafka, registry, stateDir, apiPort);
    PunctualScheduler scheduler = PunctualScheduler.start(config);
    PunctualApi api =
        PunctualApi.start(
            scheduler,
            config,
            Map.of("micronaut.server.port", apiPort, "punctual.api.auth.enabled", false));
    PunctualExecutor executor = PunctualExecutor.start(executorProperties(kafka, registry));
    System.out.printf(
        "punctual dev: Kafka at %s, schema registry at %s, demo target at %s,"
            + " executor metrics at http://localhost:%d/prometheus%n"
            + "punctual dev: REST API at http://localhost:%d (no tokens in dev mode),"
            + " e.g. bin/punctual list --api http://localhost:%5$d%n"
            + "punctual dev: or produce JSON timers to %s keyed by timer id; Ctrl-C stops%n",
        kafka.bootstrapServers(),
        registry.url(),
        target.url(),
        executor.httpPort(),
        api.port(),
        config.topics().timers());
    DevConnect connect =
        connectPort < 0
            ? null
            : DevConnect.start(kafka.bootstrapServers(), registry.url(), connectPort, stateDir);
    if (connect != null) {
      connect.describe().forEach(line -> System.out.println("punctual dev: " + line));
    }
    DevConsole console =
        new DevConsole(
            kafka.bootstrapServers(),
            registry.url(),
            config.topics().triggers(),
            config.topics().status());
    CountDownLatch consoleDone = new CountDownLatch(1);
    Shutdown.onSignal(
        () -> {
          console.stop();
          awaitQuietly(consoleDone);
          System.out.println("punctual dev: stopping...");
          if (connect != null) {
            connect.close();
          }
          executor.close();
          api.close();
          scheduler.close();
          target.close();
          registry.close();
          kafka.close();
          deleteQuietly(stateDir);
          System.out.println("punctual dev: stopped");
        });
    if (!noDemo) {
      DemoTimers.create(kafka.bootstrapServers(), config.topics().timers(), target.url());
      if (connect != null) {
        connect.insertDemoTimer(target.url());
        System.out.println(
            "punctual dev: inserted timer demo-from-outbox in punctual_outbox; it fires at"
                + " /outbox in 10 s");
      }
    }
    System.out.println("punctual dev: waiting for firings...");
    try (console) {
      console.run();
    } finally {
      consoleDone.countDown();
    }
    return 0;
  }

  private SchedulerConfig schedulerConfig(
      EmbeddedKafka kafka, MiniSchemaRegistry registry, Path stateDir, int apiPort) {
    Map<String, Object> settings = new HashMap<>();
    settings.put("bootstrap.servers", kafka.bootstrapServers());
    settings.put("application.server", "localhost:" + apiPort);
    settings.put("state.dir", stateDir.toString());
    settings.put(SchedulerConfig.OUTPUT_FORMAT_CONFIG, SchedulerConfig.OUTPUT_AVRO);
    settings.put(SchedulerConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url());
    settings.put(SchedulerConfig.TOPICS_PARTITIONS_CONFIG, "3");
    settings.putAll(SettingsLoader.load(null, Map.of(), sets));
    return new SchedulerConfig(settings);
  }

  private static Map<String, Object> executorProperties(
      EmbeddedKafka kafka, MiniSchemaRegistry registry) {
    return Map.of(
        "kafka.bootstrap.servers",
        kafka.bootstrapServers(),
        "punctual.executor.allow-loopback",
        true,
        "punctual.executor.output-format",
        "avro",
        "punctual.executor.schema-registry-url",
        registry.url(),
        "micronaut.server.port",
        -1);
  }

  /**
   * The demo target answers 200, except that {@code /flaky} fails each first attempt; it prints
   * each call and keeps none, so a long session does not fill the heap.
   */
  private static RecordingHttpTarget demoTarget() {
    return RecordingHttpTarget.start()
        .keepAtMost(0)
        .respond(
            call ->
                call.path().equals(DemoTimers.FLAKY_PATH)
                        && "1".equals(call.header("Punctual-Attempt"))
                    ? new Response(503, "try again")
                    : Response.OK)
        .onCall(DevConsole::printCall);
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      System.err.println("punctual dev: could not delete " + dir + ": " + e.getMessage());
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

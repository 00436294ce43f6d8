package io.punctual.api;

import io.punctual.devkit.EmbeddedKafka;
import io.punctual.scheduler.PunctualScheduler;
import io.punctual.scheduler.SchedulerConfig;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A scheduler instance with its API, as a test starts it: own state dir, own port. */
final class ApiInstance implements AutoCloseable {
  static final String BILLING_TOKEN = "billing-secret-token";
  static final String SEARCH_TOKEN = "search-secret-token";
  static final String ADMIN_TOKEN = "admin-secret-token";
  static final String INTERNAL_TOKEN = "instances-secret-token";

  final PunctualScheduler scheduler;
  final PunctualApi api;
  final SchedulerConfig config;

  private ApiInstance(PunctualScheduler scheduler, PunctualApi api, SchedulerConfig config) {
    this.scheduler = scheduler;
    this.api = api;
    this.config = config;
  }

  /** Starts a scheduler of application {@code prefix} and its API with the test tokens. */
  static ApiInstance start(EmbeddedKafka kafka, String prefix) throws Exception {
    return start(kafka, prefix, Map.of());
  }

  /** The same, with more API settings. */
  static ApiInstance start(EmbeddedKafka kafka, String prefix, Map<String, Object> more)
      throws Exception {
    int port = freePort();
    Map<String, Object> settings = new HashMap<>();
    settings.put("bootstrap.servers", kafka.bootstrapServers());
    settings.put("application.id", prefix + "-scheduler");
    settings.put("application.server", "localhost:" + port);
    settings.put("state.dir", Files.createTempDirectory(prefix).toString());
    settings.put(SchedulerConfig.TOPIC_PREFIX_CONFIG, prefix);
    settings.put(SchedulerConfig.TOPICS_PARTITIONS_CONFIG, "6");
    SchedulerConfig config = new SchedulerConfig(settings);
    PunctualScheduler scheduler = PunctualScheduler.start(config);
    try {
      Map<String, Object> properties = apiProperties(port);
      properties.putAll(more);
      PunctualApi api = PunctualApi.start(scheduler, config, properties);
      return new ApiInstance(scheduler, api, config);
    } catch (RuntimeException e) {
      scheduler.close();
      throw e;
    }
  }

  static Map<String, Object> apiProperties(int port) {
    Map<String, Object> properties = new HashMap<>();
    properties.put("micronaut.server.port", port);
    properties.put("punctual.api.tokens.billing.token", BILLING_TOKEN);
    properties.put("punctual.api.tokens.billing.namespaces", List.of("billing"));
    properties.put("punctual.api.tokens.search.token", SEARCH_TOKEN);
    properties.put("punctual.api.tokens.search.namespaces", List.of("search"));
    properties.put("punctual.api.tokens.ops.token", ADMIN_TOKEN);
    properties.put("punctual.api.tokens.ops.admin", true);
    properties.put("punctual.api.internal-token", INTERNAL_TOKEN);
    return properties;
  }

  static int freePort() {
    return PunctualApi.port(0);
  }

  ApiHttp http() {
    return new ApiHttp("http://localhost:" + api.port());
  }

  void awaitRunning() throws InterruptedException {
    if (!scheduler.awaitRunning(Duration.ofSeconds(60))) {
      throw new IllegalStateException("the scheduler did not start");
    }
  }

  @Override
  public void close() {
    api.close();
    scheduler.close();
  }
}

package io.punctual.cli;

import io.punctual.Shutdown;
import io.punctual.api.PunctualApi;
import io.punctual.scheduler.PunctualConfigException;
import io.punctual.scheduler.PunctualScheduler;
import io.punctual.scheduler.SchedulerConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code punctual scheduler}: runs a scheduler instance and its REST API until SIGTERM or Ctrl-C.
 * Prints {@value #READY_LINE} and the API's address once both have started.
 *
 * <p>The instance's {@code application.server} (how its peers reach its API) is {@code
 * --advertised-host} and {@code --http-port} unless set explicitly.
 */
@Command(
    name = "scheduler",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a scheduler instance and its REST API against an existing Kafka cluster until"
          + " interrupted.",
      "Scheduler settings come from --config, then PUNCTUAL_* environment variables, then --set,"
          + " then --bootstrap-servers; see the configuration table in the README. API settings"
          + " (punctual.api.*, e.g. tokens) come from --api-set, system properties or environment"
          + " variables (PUNCTUAL_API_TOKENS_<NAME>_TOKEN)."
    })
public final class SchedulerCommand implements Callable<Integer> {
  /** The start of the line printed once the scheduler and its API run. */
  public static final String READY_LINE = "Punctual scheduler ready";

  @Mixin SchedulerOptions options;

  @Option(
      names = "--http-port",
      paramLabel = "N",
      defaultValue = "8080",
      description =
          "Port of the REST API, health and /prometheus (default ${DEFAULT-VALUE};"
              + " 0 for a free port).")
  int httpPort;

  @Option(
      names = "--advertised-host",
      paramLabel = "HOST",
      description = "The name other instances reach this one by (default: this host's name).")
  String advertisedHost;

  @Option(
      names = "--no-api",
      description =
          "Run the scheduler without its REST API (for producers that write the timers topic and"
              + " consumers of the status topic): no HTTP port, no tokens needed.")
  boolean noApi;

  @Option(
      names = "--api-set",
      paramLabel = "KEY=VALUE",
      description =
          "An API setting, e.g. punctual.api.tokens.ops.token=SECRET or"
              + " punctual.api.auth.enabled=false. Repeatable.")
  Map<String, String> apiSettings = new LinkedHashMap<>();

  @Override
  public Integer call() throws InterruptedException {
    Map<String, Object> settings = options.settings();
    if (noApi) {
      PunctualScheduler scheduler = PunctualScheduler.start(new SchedulerConfig(settings));
      return runUntilSignal(scheduler::close, "no API (--no-api)");
    }
    int port = PunctualApi.port(httpPort);
    settings.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer(settings, port));
    SchedulerConfig config = new SchedulerConfig(settings);
    Map<String, Object> properties = new LinkedHashMap<>(apiSettings);
    properties.put("micronaut.server.port", port);
    // every setting is checked before anything starts: a bad one creates no topic, joins no group
    PunctualApi.check(properties);
    PunctualScheduler scheduler = PunctualScheduler.start(config);
    PunctualApi api;
    try {
      api = PunctualApi.start(scheduler, config, properties);
    } catch (RuntimeException e) {
      scheduler.close();
      throw e;
    }
    return runUntilSignal(
        () -> {
          api.close();
          scheduler.close();
        },
        "API at http://" + settings.get("application.server"));
  }

  private static int runUntilSignal(Runnable stop, String what) throws InterruptedException {
    Shutdown.runUntilSignal(READY_LINE + ": " + what, stop);
    return 0;
  }

  private String applicationServer(Map<String, Object> settings, int port) {
    Object explicit = settings.get(StreamsConfig.APPLICATION_SERVER_CONFIG);
    if (explicit == null || explicit.toString().isBlank()) {
      return (advertisedHost == null ? localHostName() : advertisedHost) + ":" + port;
    }
    HostInfo server = HostInfo.buildFromEndpoint(explicit.toString());
    if (server.port() != port) {
      throw new PunctualConfigException(
          "application.server "
              + explicit
              + " must name the API's port "
              + port
              + " (--http-port): the other instances forward reads there");
    }
    return explicit.toString();
  }

  private static String localHostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}

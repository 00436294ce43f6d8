package io.punctual.connect;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code punctual connect}: runs a Kafka Connect worker (distributed mode) with Punctual's
 * connectors, until SIGTERM or Ctrl-C; {@code punctual connect status} shows the connectors'
 * states.
 */
@Command(
    name = "connect",
    mixinStandardHelpOptions = true,
    subcommands = ConnectCommand.StatusCommand.class,
    description = {
      "Runs a Kafka Connect worker in distributed mode, with Debezium's PostgreSQL source and JDBC"
          + " sink on its plugin path, and creates (or updates) the connectors of connectors/:"
          + " timers from the punctual_outbox table, status events into punctual_status, dead"
          + " letters into punctual_dead_letters. They read the database from PUNCTUAL_DB_HOST,"
          + " PUNCTUAL_DB_PORT, PUNCTUAL_DB_NAME, PUNCTUAL_DB_USER and PUNCTUAL_DB_PASSWORD; the"
          + " status sink reads Avro through PUNCTUAL_SCHEMA_REGISTRY_URL (set it empty for JSON).",
      "Prints '" + ConnectCommand.READY_LINE + "' once every connector runs."
    })
public final class ConnectCommand implements Callable<Integer> {
  /** The line printed once the worker's connectors all run. */
  public static final String READY_LINE = "Punctual connect ready";

  private static final Duration RUNNING_TIMEOUT = Duration.ofMinutes(2);

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT",
      description = "Kafka bootstrap servers (required to run a worker).")
  String bootstrapServers;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--rest-port",
      paramLabel = "N",
      defaultValue = "8083",
      description = "Port of Connect's REST API (default ${DEFAULT-VALUE}).")
  int restPort;

  @Option(
      names = "--rest-host",
      paramLabel = "HOST",
      defaultValue = "0.0.0.0",
      description = "Address the REST API listens on (default ${DEFAULT-VALUE}).")
  String restHost;

  @Option(
      names = "--group-id",
      paramLabel = "ID",
      defaultValue = "punctual.connect",
      description =
          "The Connect cluster's group id; its internal topics are <id>.configs, <id>.offsets and"
              + " <id>.status (default ${DEFAULT-VALUE}: under the topic prefix, so no timer's"
              + " Kafka target may write to them).")
  String groupId;

  @Option(
      names = "--replication-factor",
      paramLabel = "N",
      defaultValue = "-1",
      description = "Replication factor of the internal topics (default: the broker's).")
  short replicationFactor;

  @Option(
      names = "--plugin-path",
      paramLabel = "DIR",
      description = "Connect's plugin path (default: the one the build assembled).")
  Path pluginPath;

  @Option(
      names = "--connector",
      paramLabel = "FILE",
      description =
          "A connector configuration to create or update (JSON, as Connect's REST API takes it);"
              + " repeatable. Default: every .json file of connectors/.")
  List<Path> connectorFiles = new ArrayList<>();

  @Option(names = "--no-connectors", description = "Create no connector.")
  boolean noConnectors;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Any worker setting, e.g. security.protocol=SSL. Repeatable.")
  Map<String, String> settings = new LinkedHashMap<>();

  @Override
  public Integer call() throws Exception {
    if (bootstrapServers == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "Missing required option: '--bootstrap-servers=HOST:PORT'");
    }
    List<ConnectorConfig> connectors = connectors();
    Map<String, String> environment = System.getenv();
    for (ConnectorConfig connector : connectors) {
      Set<String> missing = connector.missingFrom(environment);
      if (!missing.isEmpty()) {
        System.err.println(
            "punctual connect: connector "
                + connector.name()
                + " needs the environment variables "
                + String.join(", ", missing)
                + "; set them, or choose connectors with --connector or --no-connectors");
        return 2;
      }
    }
    ConnectWorker worker =
        ConnectWorker.start(
            new ConnectWorker.Settings(
                bootstrapServers,
                groupId,
                restHost,
                restPort,
                pluginPath == null ? Home.pluginPath() : pluginPath,
                replicationFactor,
                settings));
    Runtime.getRuntime().addShutdownHook(new Thread(worker::close, "punctual-connect-stop"));
    URI url = URI.create("http://localhost:" + worker.restUrl().getPort() + "/");
    ConnectRest rest = new ConnectRest(url);
    boolean allRunning = true;
    for (ConnectorConfig connector : connectors) {
      boolean created = rest.put(connector);
      System.out.println(
          "punctual connect: connector " + connector.name() + (created ? " created" : " updated"));
    }
    for (ConnectorConfig connector : connectors) {
      ConnectRest.Status status = rest.awaitRunning(connector.name(), RUNNING_TIMEOUT);
      System.out.println(StatusCommand.describe(status));
      allRunning &= status.running();
    }
    System.out.println(
        allRunning
            ? READY_LINE + ": REST API at " + url
            : "punctual connect: a connector does not run; see punctual connect status --url "
                + url);
    worker.awaitStop();
    return 0;
  }

  private List<ConnectorConfig> connectors() {
    if (noConnectors) {
      return List.of();
    }
    if (connectorFiles.isEmpty()) {
      return ConnectorConfig.readAll(Home.connectorsDir());
    }
    return connectorFiles.stream().map(ConnectorConfig::read).toList();
  }

  /** {@code punctual connect status}: each connector's state and its tasks'. */
  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description =
          "Shows each connector of a Connect worker, its state and its tasks' states, with the"
              + " error of a failed one. Exits with 1 when one has failed, 3 when one does not run"
              + " yet.")
  static final class StatusCommand implements Callable<Integer> {
    @Option(
        names = "--url",
        paramLabel = "URL",
        defaultValue = "http://localhost:8083",
        description = "Connect's REST API (default ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--restart-failed", description = "Restart failed connectors and tasks.")
    boolean restartFailed;

    @Override
    public Integer call() throws Exception {
      ConnectRest rest = new ConnectRest(url);
      int exit = 0;
      for (String name : rest.connectors()) {
        ConnectRest.Status status = rest.status(name);
        System.out.println(describe(status));
        if (status.failed()) {
          exit = 1;
          if (restartFailed) {
            rest.restartFailed(name);
            System.out.println("  restarted");
          }
        } else if (!status.running() && exit == 0) {
          exit = 3;
        }
      }
      return exit;
    }

    static String describe(ConnectRest.Status status) {
      StringBuilder text = new StringBuilder(status.name()).append(": ").append(status.state());
      for (ConnectRest.TaskStatus task : status.tasks()) {
        text.append("\n  task ")
            .append(task.id())
            .append(": ")
            .append(task.state())
            .append(" on ")
            .append(task.worker());
        if (task.error() != null) {
          text.append("\n    error: ").append(task.error());
        }
      }
      if (status.tasks().isEmpty()) {
        text.append("\n  no task yet");
      }
      return text.toString();
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new ConnectCommand()).execute(args));
  }
}

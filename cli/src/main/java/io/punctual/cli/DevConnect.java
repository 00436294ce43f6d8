package io.punctual.cli;

import io.punctual.devkit.EmbeddedDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * {@code punctual dev --with-connect}: a PostgreSQL server with Punctual's tables, and {@code
 * punctual connect} in a JVM of its own (Kafka Connect has its own classpath and plugin path) with
 * the connectors of {@code connectors/}: timers from {@code punctual_outbox}, every status event
 * into {@code punctual_status}, dead letters into {@code punctual_dead_letters}. Connect's log goes
 * to a file; its connectors' states are printed.
 */
final class DevConnect implements AutoCloseable {
  private static final String READY = "Punctual connect ready";
  private static final long START_MINUTES = 3;

  /** The lines of punctual connect itself: its connectors, their states and their tasks'. */
  private static final Pattern OWN_LINE =
      Pattern.compile("^(punctual connect: |punctual-[a-z-]+: [A-Z]+$|  task \\d+: |    error: )");

  private final EmbeddedDatabase database;
  private final Process worker;
  private final Path log;

  private DevConnect(EmbeddedDatabase database, Process worker, Path log) {
    this.database = database;
    this.worker = worker;
    this.log = log;
  }

  /** Starts the database and the worker; returns once every connector runs. */
  static DevConnect start(String bootstrapServers, String registryUrl, int restPort, Path dir)
      throws IOException, SQLException, InterruptedException {
    Path home = Path.of(System.getProperty("punctual.home", "."));
    Path connectors = home.resolve("connectors");
    Path classpath = connectors.resolve("target").resolve("classpath.txt");
    Path jar = connectors.resolve("target").resolve("punctual-connectors.jar");
    if (!Files.exists(classpath) || !Files.exists(jar)) {
      throw new IllegalStateException(
          "Kafka Connect is not built: run bin/punctual dev --with-connect, which builds it");
    }
    System.out.println("punctual dev: starting PostgreSQL...");
    EmbeddedDatabase database = EmbeddedDatabase.start();
    database.execute(Files.readString(connectors.resolve("sql").resolve("punctual.sql")));
    System.out.println("punctual dev: starting Kafka Connect (punctual connect)...");
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-Dpunctual.home=" + home.toAbsolutePath(),
                "-cp",
                jar.toAbsolutePath() + ":" + Files.readString(classpath).trim(),
                "io.punctual.connect.ConnectCommand",
                "--bootstrap-servers",
                bootstrapServers,
                "--rest-host",
                "localhost",
                "--rest-port",
                Integer.toString(restPort))
            .redirectErrorStream(true);
    builder.environment().putAll(database.connectorEnvironment(registryUrl));
    Process worker = builder.start();
    Path log = dir.resolve("connect.log");
    CountDownLatch ready = new CountDownLatch(1);
    Thread output = new Thread(() -> relay(worker, log, ready), "punctual-dev-connect-output");
    output.setDaemon(true);
    output.start();
    DevConnect connect = new DevConnect(database, worker, log);
    if (!ready.await(START_MINUTES, TimeUnit.MINUTES) || !worker.isAlive()) {
      connect.close();
      throw new IllegalStateException("Kafka Connect did not start; see " + log);
    }
    return connect;
  }

  /** Writes the worker's output to the log; prints its own lines (connectors and their states). */
  private static void relay(Process worker, Path log, CountDownLatch ready) {
    try (BufferedReader lines =
            new BufferedReader(
                new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter file = new PrintWriter(Files.newBufferedWriter(log))) {
      String line;
      while ((line = lines.readLine()) != null) {
        file.println(line);
        file.flush();
        if (OWN_LINE.matcher(line).find()) {
          System.out.println("punctual dev: connect: " + line.strip());
        }
        if (line.startsWith(READY)
            || line.startsWith("punctual connect: a connector does not run")) {
          System.out.println("punctual dev: connect: " + line);
          ready.countDown();
        }
      }
    } catch (IOException e) {
      System.err.println("punctual dev: Kafka Connect's output: " + e.getMessage());
    } finally {
      ready.countDown();
    }
  }

  /** Inserts a timer in the outbox, as an application would in its own transaction. */
  void insertDemoTimer(String targetUrl) throws SQLException {
    try (var connection = database.connect();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO punctual_outbox (timer_id, definition) VALUES (?, ?)")) {
      insert.setString(1, "demo-from-outbox");
      insert.setString(
          2,
          "{\"schedule\": {\"after\": \"PT10S\"}, \"target\": {\"http\": {\"url\": \""
              + targetUrl
              + "/outbox\"}}}");
      insert.executeUpdate();
    }
  }

  /** How to reach the database, for the user. */
  List<String> describe() {
    return List.of(
        "PostgreSQL at "
            + database.jdbcUrl()
            + " (user and password postgres): psql -h localhost -p "
            + database.port()
            + " -U postgres -c 'SELECT timer_id, type, occurred_at FROM punctual_status'",
        "Kafka Connect's log: " + log);
  }

  @Override
  public void close() {
    worker.destroy();
    try {
      if (!worker.waitFor(30, TimeUnit.SECONDS)) {
        worker.destroyForcibly();
      }
    } catch (InterruptedException e) {
      worker.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    database.close();
  }
}

package io.punctual.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the benchmark's own: the Debian package's binaries (found under {@code
 * /usr/lib/postgresql/<version>/bin} at run time), a cluster initialised in the run's work
 * directory, listening on a free port of 127.0.0.1 only, with the package's durability defaults.
 * PostgreSQL refuses to run as root, so as root it runs as the {@code postgres} user (or {@code
 * nobody}). {@link #close()} stops it; so does a shutdown hook if the driver is interrupted.
 */
final class PostgresServer implements AutoCloseable {
  static final String SUPERUSER = "postgres";

  private final Path bin;
  private final Path data;
  private final String runAs;
  private final int port;
  private final Thread stopHook;
  private boolean stopped;

  private PostgresServer(Path bin, Path data, String runAs, int port) {
    this.bin = bin;
    this.data = data;
    this.runAs = runAs;
    this.port = port;
    this.stopHook = new Thread(this::stop, "postgres-stop");
  }

  /** Initialises a cluster in {@code <dir>/postgres} and starts it. */
  static PostgresServer start(Path dir) throws IOException, InterruptedException {
    return start(dir, Map.of());
  }

  /** The same, with more server settings ({@code -c key=value}), e.g. {@code wal_level}. */
  static PostgresServer start(Path dir, Map<String, String> settings)
      throws IOException, InterruptedException {
    Path bin = binaries();
    String runAs = unprivilegedUser();
    Path home = dir.resolve("postgres");
    Files.createDirectories(home);
    if (runAs != null) {
      // the user must reach the cluster through the work directory, and own the cluster's own
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      UserPrincipal owner =
          home.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(runAs);
      Files.setOwner(home, owner);
    }
    Path data = home.resolve("data");
    PostgresServer server = new PostgresServer(bin, data, runAs, freePort());
    server.run(
        "initdb",
        List.of(
            "-D",
            data.toString(),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--encoding=UTF8",
            "--no-locale"),
        home.resolve("initdb.log"));
    Runtime.getRuntime().addShutdownHook(server.stopHook);
    server.run(
        "pg_ctl",
        List.of(
            "-D",
            data.toString(),
            "-l",
            home.resolve("postgres.log").toString(),
            "-w",
            "-t",
            "120",
            "-o",
            "-p "
                + server.port
                + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=''"
                + settings.entrySet().stream()
                    .map(setting -> " -c " + setting.getKey() + "=" + setting.getValue())
                    .collect(Collectors.joining()),
            "start"),
        home.resolve("pg_ctl.log"));
    System.out.printf(
        "postgres: %s on 127.0.0.1:%d, data %s%s%n",
        bin.getParent().getFileName(), server.port, data, runAs == null ? "" : ", as " + runAs);
    return server;
  }

  int port() {
    return port;
  }

  /** The JDBC URL of {@code database}, as the superuser (trust authentication on loopback). */
  String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + SUPERUSER;
  }

  /** Creates {@code database} and runs {@code ddl} in it. */
  void createDatabase(String database, String ddl) throws SQLException {
    try (Connection admin = DriverManager.getConnection(jdbcUrl("postgres"));
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + database);
    }
    try (Connection connection = DriverManager.getConnection(jdbcUrl(database));
        Statement statement = connection.createStatement()) {
      statement.execute(ddl);
    }
  }

  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(stopHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run: nothing to remove
    }
  }

  private synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    try {
      run(
          "pg_ctl",
          List.of("-D", data.toString(), "-m", "fast", "-w", "stop"),
          data.getParent().resolve("pg_ctl-stop.log"));
      System.out.println("postgres: stopped");
    } catch (IOException | RuntimeException e) {
      System.err.println("postgres: could not stop the server in " + data + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run(String program, List<String> args, Path log)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if (runAs != null) {
      command.addAll(List.of("runuser", "-u", runAs, "--"));
    }
    command.add(bin.resolve(program).toString());
    command.addAll(args);
    Process process =
        new ProcessBuilder(command)
            .directory(data.getParent().toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!process.waitFor(3, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException(program + " did not finish in 3 minutes; see " + log);
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          program + " failed (exit " + process.exitValue() + "): " + Files.readString(log));
    }
  }

  /** The newest {@code /usr/lib/postgresql/<version>/bin} with initdb, pg_ctl and postgres. */
  private static Path binaries() throws IOException {
    Path root = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(root)) {
      try (Stream<Path> versions = Files.list(root)) {
        var found =
            versions
                .map(version -> version.resolve("bin"))
                .filter(
                    bin ->
                        Stream.of("initdb", "pg_ctl", "postgres")
                            .allMatch(name -> Files.isExecutable(bin.resolve(name))))
                .max(Comparator.comparing(PostgresServer::majorVersion));
        if (found.isPresent()) {
          return found.get();
        }
      }
    }
    throw new IllegalStateException(
        "PostgreSQL server binaries not found under "
            + root
            + "/<version>/bin: install Debian's postgresql package (apt-get install postgresql)");
  }

  private static int majorVersion(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString().replaceAll("\\D.*", ""));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Null when this process may run PostgreSQL itself; else the user to run it as. */
  private static String unprivilegedUser() throws IOException, InterruptedException {
    if (!"root".equals(System.getProperty("user.name"))) {
      return null;
    }
    Process id = new ProcessBuilder("id", "-u", SUPERUSER).redirectErrorStream(true).start();
    id.getInputStream().readAllBytes();
    return id.waitFor() == 0 ? SUPERUSER : "nobody";
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

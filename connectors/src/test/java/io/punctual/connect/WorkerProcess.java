package io.punctual.connect;

import io.punctual.testkit.JavaProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code punctual connect} in a JVM of its own, on this module's runtime classpath as bin/punctual
 * runs it: started with the environment a connector configuration names, awaited until its
 * connectors run, killed with SIGKILL.
 */
final class WorkerProcess implements AutoCloseable {
  private static final Pattern READY = Pattern.compile("(" + ConnectCommand.READY_LINE + ")");

  private final JavaProcess process;
  private final URI url;

  private WorkerProcess(JavaProcess process, URI url) {
    this.process = process;
    this.url = url;
  }

  /** Starts a worker with the given connector files and waits until they all run. */
  static WorkerProcess start(
      String name,
      Path dir,
      String bootstrapServers,
      int restPort,
      Map<String, String> environment,
      List<Path> connectors)
      throws InterruptedException {
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "--bootstrap-servers",
            bootstrapServers,
            "--rest-port",
            Integer.toString(restPort),
            "--rest-host",
            "localhost",
            "--plugin-path",
            Path.of("target", "plugins").toAbsolutePath().toString()));
    for (Path connector : connectors) {
      args.add("--connector");
      args.add(connector.toAbsolutePath().toString());
    }
    if (connectors.isEmpty()) {
      args.add("--no-connectors");
    }
    JavaProcess process =
        JavaProcess.startOnClasspath(
            name, dir, "512m", classpath(), environment, ConnectCommand.class.getName(), args);
    process.await(READY, Duration.ofMinutes(3));
    return new WorkerProcess(process, URI.create("http://localhost:" + restPort + "/"));
  }

  /** The module's classes and its runtime dependencies, as bin/punctual connect has them. */
  private static String classpath() {
    try {
      return Path.of("target", "classes").toAbsolutePath()
          + ":"
          + Files.readString(Path.of("target", "classpath.txt")).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("run mvn package first: no target/classpath.txt", e);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  ConnectRest rest() {
    return new ConnectRest(url);
  }

  JavaProcess process() {
    return process;
  }

  /** SIGKILL, and waits until it is gone. */
  void kill() throws InterruptedException {
    process.kill();
  }

  @Override
  public void close() {
    process.close();
  }
}

package io.punctual.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A client of a Connect worker's REST API: creates connectors and reads their state. */
public final class ConnectRest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public ConnectRest(URI base) {
    String text = base.toString();
    this.base = URI.create(text.endsWith("/") ? text : text + "/");
  }

  /** The worker's REST API. */
  public URI base() {
    return base;
  }

  /** A connector's state and its tasks' states; a failed one carries its trace. */
  public record Status(String name, String state, List<TaskStatus> tasks) {
    /** Whether the connector and each of its tasks (at least one) run. */
    public boolean running() {
      return "RUNNING".equals(state)
          && !tasks.isEmpty()
          && tasks.stream().allMatch(t -> "RUNNING".equals(t.state()));
    }

    /** Whether the connector or one of its tasks failed. */
    public boolean failed() {
      return "FAILED".equals(state) || tasks.stream().anyMatch(t -> "FAILED".equals(t.state()));
    }
  }

  /** A task's state, with the first line of its trace when it failed. */
  public record TaskStatus(int id, String state, String worker, String error) {}

  /**
   * Creates the connector, or updates its configuration when it exists: the same call, whatever the
   * worker had. Returns whether it was created.
   */
  public boolean put(ConnectorConfig connector) throws IOException, InterruptedException {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(connectorUri(connector.name(), "config"))
                .PUT(HttpRequest.BodyPublishers.ofString(connector.configJson()))
                .header("Content-Type", "application/json"));
    if (response.statusCode() != 200 && response.statusCode() != 201) {
      throw new IOException(
          "Connect refused connector "
              + connector.name()
              + " ("
              + response.statusCode()
              + "): "
              + message(response.body()));
    }
    return response.statusCode() == 201;
  }

  /** The names of the worker's connectors. */
  public List<String> connectors() throws IOException, InterruptedException {
    HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("connectors")));
    expectOk(response, "connectors");
    List<String> names = new ArrayList<>();
    JSON.readTree(response.body()).forEach(n -> names.add(n.asText()));
    return names;
  }

  /** A connector's status. */
  public Status status(String name) throws IOException, InterruptedException {
    HttpResponse<String> response = send(HttpRequest.newBuilder(connectorUri(name, "status")));
    expectOk(response, "status of connector " + name);
    JsonNode root = JSON.readTree(response.body());
    List<TaskStatus> tasks = new ArrayList<>();
    for (JsonNode task : root.path("tasks")) {
      tasks.add(
          new TaskStatus(
              task.path("id").asInt(),
              task.path("state").asText(),
              task.path("worker_id").asText(),
              firstLine(task.path("trace").asText(null))));
    }
    JsonNode connector = root.path("connector");
    return new Status(name, connector.path("state").asText(), tasks);
  }

  /** Restarts a connector and its failed tasks. */
  public void restartFailed(String name) throws IOException, InterruptedException {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(
                    URI.create(
                        connectorUri(name, "restart") + "?includeTasks=true&onlyFailed=true"))
                .POST(HttpRequest.BodyPublishers.noBody()));
    if (response.statusCode() >= 300) {
      throw new IOException("Connect did not restart " + name + ": " + message(response.body()));
    }
  }

  /** Waits until the connector and its tasks run; returns the last status seen. */
  public Status awaitRunning(String name, Duration timeout)
      throws IOException, InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    Status status = null;
    while (System.nanoTime() < end) {
      try {
        status = status(name);
        if (status.running() || status.failed()) {
          return status;
        }
      } catch (IOException e) {
        // not known yet: a new connector is assigned after the group's next rebalance
      }
      Thread.sleep(200);
    }
    return status == null ? status(name) : status;
  }

  private URI connectorUri(String name, String what) {
    return base.resolve(
        "connectors/"
            + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20")
            + "/"
            + what);
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return http.send(
        request.timeout(TIMEOUT).header("Accept", "application/json").build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void expectOk(HttpResponse<String> response, String what) throws IOException {
    if (response.statusCode() != 200) {
      throw new IOException(
          "Connect answered "
              + response.statusCode()
              + " for "
              + what
              + ": "
              + message(response.body()));
    }
  }

  private static String message(String body) {
    try {
      JsonNode message = JSON.readTree(body).path("message");
      return message.isTextual() ? message.asText() : body;
    } catch (IOException e) {
      return body;
    }
  }

  /** The first line of a trace and, when there is one, its root cause's. */
  private static String firstLine(String trace) {
    if (trace == null) {
      return null;
    }
    List<String> lines = trace.lines().toList();
    String root = null;
    for (String line : lines) {
      if (line.startsWith("Caused by: ")) {
        root = line.substring("Caused by: ".length());
      }
    }
    return root == null ? lines.get(0) : lines.get(0) + " Caused by: " + root;
  }
}

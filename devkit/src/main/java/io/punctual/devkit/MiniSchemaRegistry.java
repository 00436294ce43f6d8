package io.punctual.devkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * An in-memory schema registry speaking the subset of the Confluent Schema Registry REST API that
 * serializers and clients use, for dev mode and tests. Nothing is persisted and no compatibility
 * rule is enforced.
 *
 * <p>Served, with content type {@code application/vnd.schemaregistry.v1+json}:
 *
 * <ul>
 *   <li>{@code POST /subjects/{s}/versions}: registers a schema, idempotently; ids are global and
 *       an identical schema (compared as parsed JSON) gets the same id in every subject.
 *   <li>{@code POST /subjects/{s}}: looks a schema up under a subject.
 *   <li>{@code GET /schemas/ids/{id}}: 404 with error code 40403 when unknown.
 *   <li>{@code GET /subjects}, {@code GET /subjects/{s}/versions}, {@code GET
 *       /subjects/{s}/versions/{v|latest}}.
 *   <li>{@code GET|PUT /config} (global level, {@code BACKWARD} unless changed) and {@code GET|PUT
 *       /config/{s}} (subject level; 404 with error code 40408 when not set, unless {@code
 *       ?defaultToGlobal=true}).
 * </ul>
 *
 * <p>Avro schemas are validated on registration (422, error code 42201, when invalid); other schema
 * types are stored as given.
 */
public final class MiniSchemaRegistry implements AutoCloseable {
  /** The media type of every answer. */
  public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AVRO = "AVRO";
  private static final String DEFAULT_COMPATIBILITY = "BACKWARD";

  private final HttpServer server;
  private final ExecutorService executor;
  private final Store store = new Store();

  private MiniSchemaRegistry(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts a registry on the loopback interface.
   *
   * @param port the TCP port, or 0 for an ephemeral one
   */
  public static MiniSchemaRegistry start(int port) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
      ExecutorService executor =
          Executors.newFixedThreadPool(
              2,
              runnable -> {
                Thread thread = new Thread(runnable, "mini-schema-registry");
                thread.setDaemon(true);
                return thread;
              });
      MiniSchemaRegistry registry = new MiniSchemaRegistry(server, executor);
      server.createContext("/", registry::handle);
      server.setExecutor(executor);
      server.start();
      return registry;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the schema registry on port " + port, e);
    }
  }

  /** The base URL, e.g. {@code http://127.0.0.1:41234}, for {@code schema.registry.url}. */
  public String url() {
    return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + port();
  }

  /** The TCP port the registry listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops serving at once and releases the port. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    Response response;
    try {
      response = route(exchange);
    } catch (RegistryError e) {
      response = Response.error(e.status, e.errorCode, e.getMessage());
    } catch (IOException | RuntimeException e) {
      response = Response.error(500, 50001, "internal error: " + e);
    }
    send(exchange, response);
  }

  private Response route(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    List<String> path = segments(exchange.getRequestURI().getRawPath());
    String query = exchange.getRequestURI().getQuery();
    String first = path.isEmpty() ? "" : path.get(0);
    switch (first) {
      case "schemas":
        if (path.size() == 3 && path.get(1).equals("ids") && method.equals("GET")) {
          return Response.ok(store.schemaById(parseInt(path.get(2), 40403, "Schema not found")));
        }
        break;
      case "subjects":
        return routeSubjects(method, path, exchange.getRequestBody());
      case "config":
        return routeConfig(method, path, query, exchange.getRequestBody());
      default:
        break;
    }
    throw notFound(method, path);
  }

  private Response routeSubjects(String method, List<String> path, InputStream body)
      throws IOException {
    if (path.size() == 1 && method.equals("GET")) {
      return Response.ok(store.subjects());
    }
    if (path.size() == 2 && method.equals("POST")) {
      return Response.ok(store.lookUp(path.get(1), SchemaText.read(body)));
    }
    if (path.size() == 3 && path.get(2).equals("versions")) {
      if (method.equals("POST")) {
        return Response.ok(Map.of("id", store.register(path.get(1), SchemaText.read(body))));
      }
      if (method.equals("GET")) {
        return Response.ok(store.versions(path.get(1)));
      }
    }
    if (path.size() == 4 && path.get(2).equals("versions") && method.equals("GET")) {
      return Response.ok(store.version(path.get(1), path.get(3)));
    }
    throw notFound(method, path);
  }

  private Response routeConfig(String method, List<String> path, String query, InputStream body)
      throws IOException {
    String subject = path.size() == 2 ? path.get(1) : null;
    if (path.size() > 2) {
      throw notFound(method, path);
    }
    if (method.equals("GET")) {
      boolean defaultToGlobal = query != null && query.contains("defaultToGlobal=true");
      return Response.ok(
          Map.of("compatibilityLevel", store.compatibility(subject, defaultToGlobal)));
    }
    if (method.equals("PUT")) {
      JsonNode compatibility = readJson(body).path("compatibility");
      if (!compatibility.isTextual()) {
        throw new RegistryError(422, 42203, "Invalid compatibility level");
      }
      store.setCompatibility(subject, compatibility.asText());
      return Response.ok(Map.of("compatibility", compatibility.asText()));
    }
    throw notFound(method, path);
  }

  private static List<String> segments(String rawPath) {
    return Arrays.stream(rawPath.split("/"))
        .filter(segment -> !segment.isEmpty())
        .map(segment -> URLDecoder.decode(segment, StandardCharsets.UTF_8))
        .toList();
  }

  private static int parseInt(String text, int errorCode, String message) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new RegistryError(404, errorCode, message);
    }
  }

  private static RegistryError notFound(String method, List<String> path) {
    return new RegistryError(404, 404, "Not supported: " + method + " /" + String.join("/", path));
  }

  private static JsonNode readJson(InputStream body) throws IOException {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new RegistryError(422, 422, "Unprocessable request body: " + e.getMessage());
    }
  }

  private static void send(HttpExchange exchange, Response response) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(response.body);
    exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
    exchange.sendResponseHeaders(response.status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** A schema as posted: its type and text, with the parsed JSON used to compare schemas. */
  private record SchemaText(String type, String text, JsonNode parsed) {
    static SchemaText read(InputStream body) throws IOException {
      JsonNode request = readJson(body);
      JsonNode schema = request.path("schema");
      if (!schema.isTextual()) {
        throw new RegistryError(422, 42201, "Invalid schema: the body needs a \"schema\" string");
      }
      String type = request.path("schemaType").asText(AVRO);
      if (type.equals(AVRO)) {
        validateAvro(schema.asText());
      }
      return new SchemaText(type, schema.asText(), parse(schema.asText()));
    }

    private static void validateAvro(String text) {
      try {
        new Schema.Parser().parse(text);
      } catch (SchemaParseException e) {
        throw new RegistryError(422, 42201, "Invalid schema: " + e.getMessage());
      }
    }

    private static JsonNode parse(String text) {
      try {
        return JSON.readTree(text);
      } catch (IOException e) {
        return JSON.getNodeFactory().textNode(text);
      }
    }

    Map<String, Object> asMap() {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("schema", text);
      if (!type.equals(AVRO)) {
        map.put("schemaType", type);
      }
      return map;
    }
  }

  /** The registry's state; every method is atomic. */
  private static final class Store {
    private final List<SchemaText> schemasById = new ArrayList<>();
    private final Map<String, List<Integer>> idsBySubject = new TreeMap<>();
    private final Map<String, String> compatibilityBySubject = new HashMap<>();
    private String globalCompatibility = DEFAULT_COMPATIBILITY;

    synchronized int register(String subject, SchemaText schema) {
      int id = idOf(schema);
      if (id == 0) {
        schemasById.add(schema);
        id = schemasById.size();
      }
      List<Integer> versions = idsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
      if (!versions.contains(id)) {
        versions.add(id);
      }
      return id;
    }

    synchronized Map<String, Object> lookUp(String subject, SchemaText schema) {
      List<Integer> versions = versionsOf(subject);
      int id = idOf(schema);
      if (!versions.contains(id)) {
        throw new RegistryError(404, 40403, "Schema not found");
      }
      return describe(subject, versions.indexOf(id) + 1, id);
    }

    synchronized Map<String, Object> schemaById(int id) {
      if (id < 1 || id > schemasById.size()) {
        throw new RegistryError(404, 40403, "Schema " + id + " not found");
      }
      return schemasById.get(id - 1).asMap();
    }

    synchronized List<String> subjects() {
      return List.copyOf(idsBySubject.keySet());
    }

    synchronized List<Integer> versions(String subject) {
      int count = versionsOf(subject).size();
      List<Integer> numbers = new ArrayList<>();
      for (int version = 1; version <= count; version++) {
        numbers.add(version);
      }
      return numbers;
    }

    synchronized Map<String, Object> version(String subject, String version) {
      List<Integer> versions = versionsOf(subject);
      int number =
          version.equals("latest") || version.equals("-1")
              ? versions.size()
              : parseInt(version, 40402, "Version not found");
      if (number < 1 || number > versions.size()) {
        throw new RegistryError(404, 40402, "Version " + version + " not found");
      }
      return describe(subject, number, versions.get(number - 1));
    }

    synchronized String compatibility(String subject, boolean defaultToGlobal) {
      if (subject == null) {
        return globalCompatibility;
      }
      String level = compatibilityBySubject.get(subject);
      if (level == null && !defaultToGlobal) {
        throw new RegistryError(
            404,
            40408,
            "Subject '" + subject + "' does not have subject-level compatibility configured");
      }
      return level == null ? globalCompatibility : level;
    }

    synchronized void setCompatibility(String subject, String level) {
      if (subject == null) {
        globalCompatibility = level;
      } else {
        compatibilityBySubject.put(subject, level);
      }
    }

    private int idOf(SchemaText schema) {
      for (int i = 0; i < schemasById.size(); i++) {
        SchemaText known = schemasById.get(i);
        if (known.type().equals(schema.type()) && known.parsed().equals(schema.parsed())) {
          return i + 1;
        }
      }
      return 0;
    }

    private List<Integer> versionsOf(String subject) {
      List<Integer> versions = idsBySubject.get(subject);
      if (versions == null) {
        throw new RegistryError(404, 40401, "Subject '" + subject + "' not found");
      }
      return versions;
    }

    private Map<String, Object> describe(String subject, int version, int id) {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("subject", subject);
      map.put("version", version);
      map.put("id", id);
      map.putAll(schemasById.get(id - 1).asMap());
      return map;
    }
  }

  private record Response(int status, Object body) {
    static Response ok(Object body) {
      return new Response(200, body);
    }

    static Response error(int status, int errorCode, String message) {
      ObjectNode body = JSON.createObjectNode();
      body.put("error_code", errorCode);
      body.put("message", message);
      return new Response(status, body);
    }
  }

  /** An error answered in the Confluent form {@code {"error_code": ..., "message": ...}}. */
  private static final class RegistryError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final int errorCode;

    RegistryError(int status, int errorCode, String message) {
      super(message);
      this.status = status;
      this.errorCode = errorCode;
    }
  }
}

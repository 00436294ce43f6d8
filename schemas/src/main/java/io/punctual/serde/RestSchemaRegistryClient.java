package io.punctual.serde;

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
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A {@link SchemaRegistryClient} over the Confluent REST API (Confluent Schema Registry, Apicurio's
 * ccompat API, Karapace, Redpanda), using {@code java.net.http}. Schemas and ids are cached in both
 * directions, so each is asked for once. Several base URLs are tried in turn when one cannot be
 * reached or answers with a server error.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final int SCHEMA_NOT_FOUND = 40403;
  private static final int SUBJECT_NOT_FOUND = 40401;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> baseUrls;
  private final String authorization;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
  private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
  private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();

  /**
   * @param baseUrls registry base URLs, tried in turn
   * @param basicAuthUserInfo {@code user:password} for HTTP basic authentication, or null
   */
  public RestSchemaRegistryClient(List<String> baseUrls, String basicAuthUserInfo) {
    if (baseUrls.isEmpty()) {
      throw new IllegalArgumentException("at least one schema registry URL is needed");
    }
    this.baseUrls = baseUrls.stream().map(RestSchemaRegistryClient::withoutTrailingSlash).toList();
    this.authorization =
        basicAuthUserInfo == null
            ? null
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString(basicAuthUserInfo.getBytes(StandardCharsets.UTF_8));
  }

  /** A client without authentication of comma-separated base URLs. */
  public RestSchemaRegistryClient(String baseUrls) {
    this(List.of(baseUrls.split("\\s*,\\s*")), null);
  }

  @Override
  public int register(String subject, Schema schema) {
    SubjectSchema key = new SubjectSchema(subject, schema);
    Integer cached = idsBySubjectSchema.get(key);
    if (cached != null) {
      return cached;
    }
    Reply reply = send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
    return remember(key, reply.requireOk("registering a schema under " + subject));
  }

  @Override
  public int getId(String subject, Schema schema) {
    SubjectSchema key = new SubjectSchema(subject, schema);
    Integer cached = idsBySubjectSchema.get(key);
    if (cached != null) {
      return cached;
    }
    Reply reply = send("POST", "/subjects/" + encode(subject), schemaBody(schema));
    if (reply.isError(404, SCHEMA_NOT_FOUND) || reply.isError(404, SUBJECT_NOT_FOUND)) {
      throw new UnknownSchemaException(
          "schema " + schema.getFullName() + " is not registered under subject " + subject);
    }
    return remember(key, reply.requireOk("looking up a schema under " + subject));
  }

  @Override
  public Schema getById(int id) {
    Schema cached = schemasById.get(id);
    if (cached != null) {
      return cached;
    }
    Reply reply = send("GET", "/schemas/ids/" + id, null);
    if (reply.isError(404, SCHEMA_NOT_FOUND)) {
      throw new UnknownSchemaException("schema id " + id + " is not known to the schema registry");
    }
    JsonNode body = reply.requireOk("fetching schema id " + id);
    String type = body.path("schemaType").asText("AVRO");
    if (!type.equals("AVRO")) {
      throw new UnknownSchemaException("schema id " + id + " is a " + type + " schema, not Avro");
    }
    try {
      Schema schema = new Schema.Parser().parse(body.path("schema").asText());
      schemasById.put(id, schema);
      return schema;
    } catch (SchemaParseException e) {
      throw new UnknownSchemaException(
          "schema id " + id + " is not a valid Avro schema: " + e.getMessage(), e);
    }
  }

  private int remember(SubjectSchema key, JsonNode body) {
    int id = body.path("id").asInt();
    idsBySubjectSchema.put(key, id);
    schemasById.putIfAbsent(id, key.schema());
    return id;
  }

  private Reply send(String method, String path, String body) {
    SchemaRegistryException failure = null;
    for (String baseUrl : baseUrls) {
      try {
        HttpResponse<String> response =
            http.send(request(method, baseUrl + path, body), HttpResponse.BodyHandlers.ofString());
        Reply reply = new Reply(method + " " + baseUrl + path, response);
        if (response.statusCode() < 500) {
          return reply;
        }
        failure = reply.failure();
      } catch (IOException | IllegalArgumentException e) {
        failure =
            new SchemaRegistryException(
                "schema registry " + baseUrl + " cannot be reached: " + e, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SchemaRegistryException("interrupted while calling the schema registry", e);
      }
    }
    throw failure;
  }

  private HttpRequest request(String method, String url, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(REQUEST_TIMEOUT)
            .header("Accept", CONTENT_TYPE)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (body != null) {
      request.header("Content-Type", CONTENT_TYPE);
    }
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return request.build();
  }

  private static String schemaBody(Schema schema) {
    return JSON.createObjectNode().put("schema", schema.toString()).toString();
  }

  private static String encode(String subject) {
    return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String withoutTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private record SubjectSchema(String subject, Schema schema) {}

  /** An answer of the registry, with its JSON body when it has one. */
  private static final class Reply {
    private final String call;
    private final int status;
    private final JsonNode body;

    Reply(String call, HttpResponse<String> response) {
      this.call = call;
      this.status = response.statusCode();
      this.body = parse(response.body());
    }

    boolean isError(int httpStatus, int errorCode) {
      return status == httpStatus && body.path("error_code").asInt() == errorCode;
    }

    JsonNode requireOk(String what) {
      if (status / 100 != 2 || !body.isObject()) {
        throw new SchemaRegistryException(what + " failed: " + failure().getMessage());
      }
      return body;
    }

    SchemaRegistryException failure() {
      String message = body.path("message").asText(body.toString());
      return new SchemaRegistryException(
          call
              + " answered HTTP "
              + status
              + " "
              + body.path("error_code").asText("")
              + " "
              + message);
    }

    private static JsonNode parse(String text) {
      try {
        return JSON.readTree(text);
      } catch (IOException e) {
        return JSON.getNodeFactory().textNode(text);
      }
    }
  }
}

package io.punctual.devkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MiniSchemaRegistryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JOB =
      "{\"type\":\"record\",\"name\":\"Job\",\"namespace\":\"test\","
          + "\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}";
  private static final String JOB_REFORMATTED =
      "{ \"namespace\": \"test\", \"name\": \"Job\", \"type\": \"record\",\n"
          + "  \"fields\": [ {\"type\": \"string\", \"name\": \"id\"} ] }";
  private static final String JOB_V2 =
      "{\"type\":\"record\",\"name\":\"Job\",\"namespace\":\"test\",\"fields\":["
          + "{\"name\":\"id\",\"type\":\"string\"},"
          + "{\"name\":\"due\",\"type\":\"long\",\"default\":0}]}";

  private final HttpClient http = HttpClient.newHttpClient();
  private MiniSchemaRegistry registry;

  @BeforeEach
  void startRegistry() {
    registry = MiniSchemaRegistry.start(0);
  }

  @AfterEach
  void stopRegistry() {
    registry.close();
  }

  @Test
  void shouldGiveTheSameIdToTheSameSchemaInAnyFormAndSubject() throws Exception {
    // Given
    int first = register("jobs-value", JOB).get("id").asInt();

    // When
    int again = register("jobs-value", JOB_REFORMATTED).get("id").asInt();
    int elsewhere = register("other-value", JOB).get("id").asInt();
    int evolved = register("jobs-value", JOB_V2).get("id").asInt();

    // Then
    assertEquals(first, again);
    assertEquals(first, elsewhere);
    assertNotEquals(first, evolved);
    assertEquals("[1,2]", call("GET", "/subjects/jobs-value/versions", null).body().toString());
    assertEquals(
        "[\"jobs-value\",\"other-value\"]", call("GET", "/subjects", null).body().toString());
  }

  @Test
  void shouldServeSchemasByIdAndVersion() throws Exception {
    // Given
    int id = register("jobs-value", JOB).get("id").asInt();

    // When
    Reply byId = call("GET", "/schemas/ids/" + id, null);
    Reply latest = call("GET", "/subjects/jobs-value/versions/latest", null);
    Reply lookedUp = call("POST", "/subjects/jobs-value", schemaBody(JOB_REFORMATTED));

    // Then
    assertEquals(JOB, byId.body().get("schema").asText());
    assertEquals(1, latest.body().get("version").asInt());
    assertEquals(id, latest.body().get("id").asInt());
    assertEquals(id, lookedUp.body().get("id").asInt());
    assertEquals("jobs-value", lookedUp.body().get("subject").asText());
  }

  @Test
  void shouldAnswerUnknownIdsSubjectsAndSchemasWithConfluentErrorCodes() throws Exception {
    // Given
    register("jobs-value", JOB);

    // When
    Reply unknownId = call("GET", "/schemas/ids/99", null);
    Reply unknownSubject = call("GET", "/subjects/nope/versions/latest", null);
    Reply unknownSchema = call("POST", "/subjects/jobs-value", schemaBody(JOB_V2));
    Reply invalidSchema = call("POST", "/subjects/jobs-value/versions", schemaBody("{\"type\":1}"));

    // Then
    assertError(404, 40403, unknownId);
    assertError(404, 40401, unknownSubject);
    assertError(404, 40403, unknownSchema);
    assertError(422, 42201, invalidSchema);
  }

  @Test
  void shouldAnswerBackwardCompatibilityUntilConfigured() throws Exception {
    // Given
    Reply global = call("GET", "/config", null);
    Reply subjectBeforePut = call("GET", "/config/jobs-value", null);

    // When
    Reply put = call("PUT", "/config/jobs-value", "{\"compatibility\":\"FULL\"}");

    // Then
    assertEquals("BACKWARD", global.body().get("compatibilityLevel").asText());
    assertError(404, 40408, subjectBeforePut);
    assertEquals("FULL", put.body().get("compatibility").asText());
    assertEquals(
        "FULL", call("GET", "/config/jobs-value", null).body().get("compatibilityLevel").asText());
  }

  private JsonNode register(String subject, String schema) throws Exception {
    Reply reply = call("POST", "/subjects/" + subject + "/versions", schemaBody(schema));
    assertEquals(200, reply.status(), reply.body().toString());
    return reply.body();
  }

  private static String schemaBody(String schema) throws IOException {
    return JSON.writeValueAsString(Map.of("schema", schema));
  }

  private Reply call(String method, String path, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(registry.url() + path))
            .header("Content-Type", MiniSchemaRegistry.CONTENT_TYPE)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertEquals(
        MiniSchemaRegistry.CONTENT_TYPE, response.headers().firstValue("Content-Type").orElse(""));
    return new Reply(response.statusCode(), JSON.readTree(response.body()));
  }

  private static void assertError(int status, int errorCode, Reply reply) {
    assertEquals(status, reply.status(), reply.body().toString());
    assertEquals(errorCode, reply.body().get("error_code").asInt(), reply.body().toString());
  }

  private record Reply(int status, JsonNode body) {}
}

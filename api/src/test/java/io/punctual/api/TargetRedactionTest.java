package io.punctual.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class TargetRedactionTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldRedactCredentialsWhetherTextOrBytesAndLeaveTheRestAsItIs() throws Exception {
    // Given a definition whose Kafka target has text and bytes headers, some credential-looking
    JsonNode definition =
        JSON.readTree(
            """
            {"id": "t", "target": {"kafka": {"topic": "orders", "headers": {
              "trace": "abc",
              "raw": {"base64": "AQI="},
              "api-token": "s3cret",
              "session-key": {"base64": "c2VjcmV0"},
              "authorization": "${secret:billing}"}}}}""");

    // When it is redacted
    JsonNode headers = TargetRedaction.redact(definition).at("/target/kafka/headers");

    // Then credentials are hidden, text or bytes, and everything else is unchanged
    assertEquals("abc", headers.get("trace").textValue());
    assertEquals("AQI=", headers.at("/raw/base64").textValue());
    assertEquals("<redacted>", headers.get("api-token").textValue());
    assertEquals("<redacted>", headers.get("session-key").textValue());
    assertEquals("${secret:billing}", headers.get("authorization").textValue());
  }
}

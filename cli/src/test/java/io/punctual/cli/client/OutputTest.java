package io.punctual.cli.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class OutputTest {
  @Test
  void shouldRedactCredentialHeadersOfEveryTargetItPrints() throws Exception {
    // Given a listing, as an instance that does not redact would answer it
    JsonNode page =
        ApiClient.JSON.readTree(
            """
            {"timers": [{"id": "t", "definition": {"target": {"http": {
              "url": "https://example.com", "headers": {
                "Authorization": "Bearer live-credential",
                "X-Secret-Ref": "${secret:HOOK}",
                "Accept": "application/json"}}}}}]}""");

    // When it is printed as JSON
    StringWriter out = new StringWriter();
    Output.json(new PrintWriter(out), page);

    // Then the credential is redacted, the secret reference and the plain header are kept
    JsonNode printed = ApiClient.JSON.readTree(out.toString());
    JsonNode headers =
        printed
            .path("timers")
            .get(0)
            .path("definition")
            .path("target")
            .path("http")
            .path("headers");
    assertEquals("<redacted>", headers.path("Authorization").asText());
    assertEquals("${secret:HOOK}", headers.path("X-Secret-Ref").asText());
    assertEquals("application/json", headers.path("Accept").asText());
    assertFalse(out.toString().contains("live-credential"), out.toString());
  }
}

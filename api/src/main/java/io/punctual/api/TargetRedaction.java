package io.punctual.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.punctual.contract.TargetHeaders;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hides secrets in the JSON form of definitions and invocations before they are shown: in every
 * {@code target} found in a document, at any depth, the values of the headers whose names look like
 * credentials are replaced as {@link TargetHeaders#redacted} says ({@code ${secret:NAME}}
 * references stay, as they hold no secret). The API applies it to every answer that shows a
 * definition; the command-line client applies it again to whatever it prints.
 */
public final class TargetRedaction {
  private TargetRedaction() {}

  /** Redacts {@code document} in place and returns it. */
  public static <T extends JsonNode> T redact(T document) {
    if (document instanceof ObjectNode object) {
      object
          .properties()
          .forEach(
              field -> {
                if (field.getKey().equals("target") && field.getValue().isObject()) {
                  field.getValue().forEach(TargetRedaction::redactHeaders);
                }
              });
    }
    document.forEach(TargetRedaction::redact);
    return document;
  }

  private static void redactHeaders(JsonNode target) {
    if (!(target.get("headers") instanceof ObjectNode headers)) {
      return;
    }
    // a value is text, or a Kafka target's bytes ({"base64": ...}), which are redacted whole
    Map<String, Object> values = new LinkedHashMap<>();
    headers
        .properties()
        .forEach(
            header -> {
              JsonNode value = header.getValue();
              values.put(header.getKey(), value.isTextual() ? value.textValue() : value);
            });
    TargetHeaders.redacted(values, (Object) TargetHeaders.REDACTED)
        .forEach(
            (name, value) -> {
              if (value != values.get(name)) {
                headers.put(name, TargetHeaders.REDACTED);
              }
            });
  }
}

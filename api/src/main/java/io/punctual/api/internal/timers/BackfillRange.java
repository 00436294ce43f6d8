package io.punctual.api.internal.timers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.punctual.api.internal.QueryParams;
import io.punctual.api.internal.problems.ApiProblem;
import java.io.IOException;
import java.time.Instant;

/**
 * The body of {@code POST /timers/{id}/backfill}: {@code {"from": ISO, "to": ISO}}, a past range.
 */
record BackfillRange(Instant from, Instant to) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * Parses and checks the range against {@code now}.
   *
   * @throws ApiProblem 400 naming {@code from}, {@code to} or {@code $}
   */
  static BackfillRange parse(String body, Instant now) {
    JsonNode json;
    try {
      json = body == null || body.isBlank() ? null : MAPPER.readTree(body);
    } catch (IOException e) {
      throw ApiProblem.invalid("$", "malformed JSON: " + e.getMessage());
    }
    if (json == null || !json.isObject()) {
      throw ApiProblem.invalid(
          "$", "expected {\"from\": ISO-8601 instant, \"to\": ISO-8601 instant}");
    }
    json.fieldNames()
        .forEachRemaining(
            name -> {
              if (!name.equals("from") && !name.equals("to")) {
                throw ApiProblem.invalid(name, "unknown field");
              }
            });
    Instant from = QueryParams.requiredInstant("from", json.path("from").asText(null));
    Instant to = QueryParams.requiredInstant("to", json.path("to").asText(null));
    if (from.isAfter(to)) {
      throw ApiProblem.invalid("from", from + " is after to " + to);
    }
    if (to.isAfter(now)) {
      throw ApiProblem.invalid("to", to + " is in the future (now " + now + "): backfill the past");
    }
    return new BackfillRange(from, to);
  }
}

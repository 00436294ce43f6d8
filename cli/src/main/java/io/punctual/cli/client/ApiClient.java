package io.punctual.cli.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Calls the REST API and reads its JSON answers; an error status becomes a {@link ClientException}
 * that tells the problem document's title, field and detail.
 *
 * <p>An instance answers 503 while it cannot tell who owns a timer (starting, rebalancing); such an
 * answer changed nothing, so a GET, PUT or DELETE (the same request twice has the effect of one) is
 * sent again after the answer's {@code Retry-After}, for at most {@link #UNAVAILABLE_PATIENCE}. A
 * POST (trigger, backfill, pause) is not repeated: its 503 is reported.
 */
final class ApiClient {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** How long idempotent requests keep being retried while the API answers 503. */
  static final Duration UNAVAILABLE_PATIENCE = Duration.ofSeconds(30);

  private static final long MAX_RETRY_AFTER_MS = 5_000;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final URI base;
  private final String token;

  ApiClient(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  /** {@code /timers/<id>} with the id encoded as one path segment, then {@code rest}. */
  static String timerPath(String id, String rest) {
    return "/timers/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20") + rest;
  }

  /** A query parameter's value, encoded. */
  static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  JsonNode get(String path) {
    return send("GET", path, null);
  }

  JsonNode put(String path, JsonNode body) {
    return send("PUT", path, body);
  }

  JsonNode post(String path, JsonNode body) {
    return send("POST", path, body);
  }

  JsonNode delete(String path) {
    return send("DELETE", path, null);
  }

  private JsonNode send(String method, String path, JsonNode body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(TIMEOUT)
            .header("Accept", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body.toString()));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null && !token.isBlank()) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response;
    try {
      long giveUp = System.nanoTime() + UNAVAILABLE_PATIENCE.toNanos();
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      while (response.statusCode() == 503 && !"POST".equals(method)) {
        long pause = retryAfterMillis(response);
        if (System.nanoTime() + pause * 1_000_000 > giveUp) {
          break;
        }
        Thread.sleep(pause);
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      }
    } catch (IOException e) {
      throw new ClientException(
          "cannot reach the API at "
              + base
              + ": "
              + describe(e)
              + " (set --api or PUNCTUAL_API_URL)",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClientException("interrupted", e);
    }
    JsonNode answer = parse(response.body());
    if (response.statusCode() >= 400) {
      throw new ClientException(
          method + " " + path + ": " + problem(response.statusCode(), answer));
    }
    return answer;
  }

  /** The pause a 503 asks for: its {@code Retry-After} seconds, 1 s if absent, at most 5 s. */
  private static long retryAfterMillis(HttpResponse<String> response) {
    long seconds =
        response
            .headers()
            .firstValue("Retry-After")
            .map(String::trim)
            .filter(value -> value.matches("\\d{1,6}"))
            .map(Long::parseLong)
            .orElse(1L);
    return Math.min(Math.max(seconds * 1000, 100), MAX_RETRY_AFTER_MS);
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return NullNode.getInstance();
    }
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return JSON.getNodeFactory().textNode(body);
    }
  }

  /** "400 Invalid timer: schedule.cron: ..." from a problem document (RFC 9457). */
  private static String problem(int status, JsonNode problem) {
    StringBuilder text = new StringBuilder().append(status);
    if (problem.hasNonNull("title")) {
      text.append(' ').append(problem.get("title").asText());
    }
    if (problem.hasNonNull("field")) {
      text.append(": ").append(problem.get("field").asText());
    }
    if (problem.hasNonNull("detail")) {
      text.append(": ").append(problem.get("detail").asText());
    } else if (problem.isTextual()) {
      text.append(": ").append(problem.asText());
    }
    return text.toString();
  }
}

package io.punctual.api.internal.overview;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.punctual.api.ApiConfig;
import io.punctual.api.internal.Json;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The executors' own meters for {@code GET /overview}, read from the Prometheus endpoint of each
 * executor named in {@code overview.executors}, when it answers within a second: actions running
 * and held, whether consumption is paused, and attempts by outcome since the executor started. They
 * are the whole cluster's, so only callers that see every namespace are shown them.
 */
@Singleton
public class ExecutorMeters {
  private static final Duration TIMEOUT = Duration.ofSeconds(1);
  private static final Pattern SAMPLE =
      Pattern.compile("^(punctual_executor_[a-z_]+)(\\{[^}]*\\})? ([-+0-9.eE]+|NaN)$");
  private static final Pattern OUTCOME = Pattern.compile("outcome=\"([A-Z_]+)\"");

  private final List<String> executors;
  private final HttpClient client =
      HttpClient.newBuilder()
          .connectTimeout(TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  public ExecutorMeters(ApiConfig config) {
    this.executors = config.getOverview().getExecutors();
  }

  /** One entry per configured executor, with its meters or why it was not read. */
  public ArrayNode read() {
    ArrayNode all = Json.object().arrayNode();
    for (String executor : executors) {
      ObjectNode node = all.addObject();
      node.put("url", executor);
      try {
        HttpResponse<String> answer =
            client.send(
                HttpRequest.newBuilder(URI.create(stripSlash(executor) + "/prometheus"))
                    .timeout(TIMEOUT)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
          node.put("reachable", false);
          node.put("problem", "HTTP " + answer.statusCode());
          continue;
        }
        node.put("reachable", true);
        parse(answer.body(), node);
      } catch (IOException | IllegalArgumentException e) {
        node.put("reachable", false);
        node.put("problem", e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        node.put("reachable", false);
        node.put("problem", "interrupted");
      }
    }
    return all;
  }

  /** Reads the executor's samples into {@code node}. */
  static void parse(String exposition, ObjectNode node) {
    ObjectNode calls = node.putObject("calls");
    for (String line : exposition.split("\n")) {
      Matcher sample = SAMPLE.matcher(line.strip());
      if (!sample.matches()) {
        continue;
      }
      double value = Double.parseDouble(sample.group(3));
      switch (sample.group(1)) {
        case "punctual_executor_in_flight" -> node.put("inFlight", value);
        case "punctual_executor_held" -> node.put("held", value);
        case "punctual_executor_consumption_paused" -> node.put("paused", value > 0);
        case "punctual_executor_calls_total" -> {
          Matcher outcome = OUTCOME.matcher(sample.group(2) == null ? "" : sample.group(2));
          if (outcome.find()) {
            calls.put(outcome.group(1), value);
          }
        }
        default -> {
          // not shown
        }
      }
    }
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}

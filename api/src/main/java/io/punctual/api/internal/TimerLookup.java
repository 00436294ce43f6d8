package io.punctual.api.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Finds a timer wherever it lives: in this instance's stores, or through the {@code /internal}
 * endpoint of the instance that owns its key. Answers what the caller may see (403 otherwise).
 */
@Singleton
public class TimerLookup {
  private final LocalQueries local;
  private final PeerClient peers;

  public TimerLookup(LocalQueries local, PeerClient peers) {
    this.local = local;
    this.peers = peers;
  }

  /** The timer's JSON view ({@link TimerJson#view}), or empty when no instance holds it. */
  public Optional<JsonNode> find(String id, HttpRequest<?> request) {
    Optional<HostInfo> owner = local.remoteOwner(id);
    if (owner.isEmpty()) {
      return local.timer(id, Caller.of(request)).map(JsonNode.class::cast);
    }
    HttpResponse<String> answer = peers.get(owner.get(), InternalPaths.timer(id), request);
    JsonNode body = Json.parse(answer.getBody(String.class).orElse("{}"));
    if (answer.getStatus() == HttpStatus.NOT_FOUND) {
      return Optional.empty();
    }
    if (answer.getStatus().getCode() >= 300) {
      throw ApiProblem.fromDocument(body);
    }
    return Optional.of(body);
  }

  /** The timer's JSON view; 404 when no instance holds it. */
  public JsonNode require(String id, HttpRequest<?> request) {
    return find(id, request).orElseThrow(() -> ApiProblem.timerNotFound(id));
  }

  /** The namespace of the timer, or empty when no instance holds it. */
  public Optional<String> namespaceOf(String id, HttpRequest<?> request) {
    return find(id, request).map(view -> view.path("namespace").asText());
  }
}

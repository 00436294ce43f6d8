package io.punctual.api.internal.timers;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.punctual.api.internal.Json;
import io.punctual.api.internal.auth.Caller;
import io.punctual.api.internal.problems.ApiProblem;
import io.punctual.api.internal.query.InternalPaths;
import io.punctual.api.internal.query.LocalQueries;
import io.punctual.api.internal.query.PeerClient;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Finds a timer wherever it lives: in this instance's stores, or through the {@code /internal}
 * endpoint of the instance that owns its key. A timer of a namespace the caller may not see is
 * absent, as if it did not exist. Fails closed: while the owner is not known, a 503 problem.
 */
@Singleton
public class TimerLookup {
  private final LocalQueries local;
  private final PeerClient peers;

  public TimerLookup(LocalQueries local, PeerClient peers) {
    this.local = local;
    this.peers = peers;
  }

  /**
   * The timer's JSON view ({@link TimerJson#view}), or empty when the caller sees no such timer.
   */
  public Optional<JsonNode> find(String id, Caller caller) {
    Optional<HostInfo> owner = local.owner(id);
    if (owner.isEmpty()) {
      return local.timer(id, caller).map(JsonNode.class::cast);
    }
    HttpResponse<String> answer = peers.get(owner.get(), InternalPaths.timer(id), caller);
    JsonNode body = Json.parse(answer.getBody(String.class).orElse("{}"));
    if (answer.getStatus() == HttpStatus.NOT_FOUND) {
      return Optional.empty();
    }
    if (answer.getStatus().getCode() >= 300) {
      throw ApiProblem.fromDocument(body);
    }
    return Optional.of(body);
  }

  /** The timer's JSON view; 404 when the caller sees no such timer. */
  public JsonNode require(String id, Caller caller) {
    return find(id, caller).orElseThrow(() -> ApiProblem.timerNotFound(id));
  }

  /** The namespace of the timer, whichever it is, or empty when no instance holds it. */
  public Optional<String> namespaceOf(String id) {
    return find(id, Caller.API).map(view -> view.path("namespace").asText());
  }
}

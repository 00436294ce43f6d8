package io.punctual.api.internal.upcoming;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.punctual.api.ApiConfig;
import io.punctual.api.internal.BoundedPage;
import io.punctual.api.internal.QueryParams;
import io.punctual.api.internal.auth.Caller;
import io.punctual.api.internal.query.InternalPaths;
import io.punctual.api.internal.query.LocalQueries;
import io.punctual.api.internal.query.PeerClient;
import io.punctual.api.internal.query.Peers;
import io.punctual.api.internal.timers.TimerJson;
import io.punctual.api.internal.timers.TimerReadController;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import org.apache.kafka.streams.state.HostInfo;

/**
 * {@code GET /upcoming}: the firings due before an instant of the timers the caller may see, from
 * every instance, in due order; the merge holds at most a page.
 */
@Controller("/upcoming")
@ExecuteOn(TaskExecutors.BLOCKING)
public class UpcomingController {
  /** Horizon when {@code until} is absent. */
  static final Duration DEFAULT_HORIZON = Duration.ofHours(1);

  private static final Comparator<JsonNode> DUE_ORDER =
      Comparator.<JsonNode, Instant>comparing(f -> Instant.parse(f.path("dueAt").asText()))
          .thenComparing(f -> f.path("timerId").asText())
          .thenComparing(f -> f.path("invocationId").asText());

  private final ApiConfig config;
  private final LocalQueries local;
  private final PeerClient peerClient;
  private final Peers peers;
  private final Clock clock;

  public UpcomingController(
      ApiConfig config, LocalQueries local, PeerClient peerClient, Peers peers, Clock clock) {
    this.config = config;
    this.local = local;
    this.peerClient = peerClient;
    this.peers = peers;
    this.clock = clock;
  }

  /** Up to {@code limit} firings due at or before {@code until} (default: in the next hour). */
  @Operation(summary = "Firings due before an instant, across all instances, in due order")
  @Get(produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> upcoming(
      @QueryValue @Nullable String until,
      @QueryValue @Nullable String limit,
      HttpRequest<?> request) {
    Instant horizon = QueryParams.instant("until", until, clock.instant().plus(DEFAULT_HORIZON));
    int size =
        QueryParams.integer(
            "limit", limit, config.getPage().getDefaultLimit(), 1, config.getPage().getMaxLimit());
    Caller caller = Caller.of(request);
    BoundedPage<JsonNode> firings = new BoundedPage<>(size, DUE_ORDER);
    firings.offerAll(local.upcoming(horizon, size, caller));
    InternalPaths.InternalPath path = InternalPaths.upcoming("until=" + horizon + "&limit=" + size);
    for (HostInfo peer : peers.others()) {
      firings.offerAll(peerClient.getJson(peer, path, caller).path("firings"));
    }
    return TimerReadController.ok(TimerJson.wrap("firings", firings.items()));
  }
}

package io.punctual.api.internal.timers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.punctual.api.ApiConfig;
import io.punctual.api.internal.BoundedPage;
import io.punctual.api.internal.Json;
import io.punctual.api.internal.QueryParams;
import io.punctual.api.internal.auth.Caller;
import io.punctual.api.internal.problems.ApiProblem;
import io.punctual.api.internal.query.InternalPaths;
import io.punctual.api.internal.query.LocalQueries;
import io.punctual.api.internal.query.PeerClient;
import io.punctual.api.internal.query.Peers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Reads timers from any instance: a single timer from the instance that owns its key (the request
 * is forwarded there), a listing merged from every instance.
 */
@Controller("/timers")
@ExecuteOn(TaskExecutors.BLOCKING)
public class TimerReadController {
  private final ApiConfig config;
  private final LocalQueries local;
  private final TimerLookup lookup;
  private final PeerClient peerClient;
  private final Peers peers;

  public TimerReadController(
      ApiConfig config,
      LocalQueries local,
      TimerLookup lookup,
      PeerClient peerClient,
      Peers peers) {
    this.config = config;
    this.local = local;
    this.lookup = lookup;
    this.peerClient = peerClient;
    this.peers = peers;
  }

  /**
   * The definition and runtime state of a timer; credential-looking target header values are
   * redacted.
   */
  @Operation(summary = "Get a timer with its runtime state")
  @ApiResponse(responseCode = "200", description = "the timer")
  @ApiResponse(
      responseCode = "404",
      description = "no such timer, or one of a namespace the token may not access")
  @ApiResponse(responseCode = "503", description = "which instance owns the timer is not known now")
  @Get(uri = "/{id}", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> get(@PathVariable String id, HttpRequest<?> request) {
    TimerDefinitionCheck.checkId(id);
    return ok(lookup.require(id, Caller.of(request)));
  }

  /** The timer's most recent status events, newest first. */
  @Operation(summary = "Recent outcomes of a timer's invocations, newest first")
  @Get(uri = "/{id}/invocations", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> invocations(
      @PathVariable String id, @QueryValue @Nullable String limit, HttpRequest<?> request) {
    TimerDefinitionCheck.checkId(id);
    int size =
        QueryParams.integer(
            "limit", limit, config.getPage().getDefaultLimit(), 1, config.getPage().getMaxLimit());
    Caller caller = Caller.of(request);
    Optional<HostInfo> owner = local.owner(id);
    if (owner.isPresent()) {
      return relay(peerClient.get(owner.get(), InternalPaths.invocations(id, size), caller));
    }
    return ok(local.invocations(id, size, caller).orElseThrow(() -> ApiProblem.timerNotFound(id)));
  }

  /**
   * A page of the timers the caller may see, in id order, from every instance. {@code next} is the
   * cursor of the next page ({@code after}), null on the last. The parameters are declared for the
   * OpenAPI document; {@link PageRequest} reads them, {@code label} being repeatable. Each instance
   * answers at most a page, and the merge holds at most a page.
   */
  @Operation(summary = "List timers, paginated by id, filtered by namespace, labels and id prefix")
  @Get(produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> list(
      @Parameter(description = "only this namespace") @QueryValue @Nullable String namespace,
      @Parameter(description = "key:value, repeatable; all must match") @QueryValue @Nullable
          List<String> label,
      @Parameter(description = "only ids starting with this") @QueryValue @Nullable String prefix,
      @Parameter(description = "cursor: the last id of the previous page") @QueryValue @Nullable
          String after,
      @QueryValue @Nullable String limit,
      HttpRequest<?> request) {
    Caller caller = Caller.of(request);
    PageRequest page = PageRequest.of(request, config);
    if (page.namespace() != null) {
      caller.requireAccess(page.namespace());
    }
    BoundedPage<JsonNode> timers = new BoundedPage<>(page.limit(), LocalQueries.ID_ORDER);
    timers.offerAll(
        local.list(
            page.namespace(), page.labels(), page.prefix(), page.after(), page.limit(), caller));
    for (HostInfo peer : peers.others()) {
      timers.offerAll(peerClient.getJson(peer, page.internalPath(), caller).path("timers"));
    }
    List<JsonNode> shown = timers.items();
    ObjectNode body = TimerJson.wrap("timers", shown);
    body.put("next", timers.full() ? shown.get(shown.size() - 1).path("id").asText() : null);
    return ok(body);
  }

  public static HttpResponse<String> ok(JsonNode body) {
    return HttpResponse.ok(Json.write(body)).contentType(MediaType.APPLICATION_JSON);
  }

  /** Another instance's answer, passed on with its status, media type and retry delay. */
  static HttpResponse<String> relay(HttpResponse<String> answer) {
    MutableHttpResponse<String> relayed =
        HttpResponse.<String>status(answer.getStatus())
            .body(answer.getBody(String.class).orElse(""))
            .contentType(answer.getContentType().orElse(MediaType.APPLICATION_JSON_TYPE));
    answer
        .getHeaders()
        .findFirst(HttpHeaders.RETRY_AFTER)
        .ifPresent(delay -> relayed.header(HttpHeaders.RETRY_AFTER, delay));
    return relayed;
  }
}

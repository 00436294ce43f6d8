package io.punctual.api.internal.query;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.punctual.api.ApiConfig;
import io.punctual.api.internal.QueryParams;
import io.punctual.api.internal.auth.Caller;
import io.punctual.api.internal.overview.LocalOverview;
import io.punctual.api.internal.overview.OverviewController;
import io.punctual.api.internal.problems.ApiProblem;
import io.punctual.api.internal.timers.PageRequest;
import io.punctual.api.internal.timers.TimerJson;
import io.punctual.api.internal.timers.TimerReadController;
import io.swagger.v3.oas.annotations.Hidden;
import java.time.Instant;
import java.util.Optional;

/**
 * The {@code /internal} endpoints the instances call on one another ({@link InternalAuthFilter}
 * admits them only): answers from this instance's stores only, never forwarded, for the caller the
 * peer names. A timer whose key another instance owns now (the ownership moved meanwhile), or whose
 * owner is not known, is a 503, so the caller retries rather than reports it absent.
 */
@Hidden
@Controller(InternalPaths.BASE)
@ExecuteOn(TaskExecutors.BLOCKING)
public class InternalQueryController {
  private final ApiConfig config;
  private final LocalQueries local;
  private final LocalOverview overview;

  public InternalQueryController(ApiConfig config, LocalQueries local, LocalOverview overview) {
    this.config = config;
    this.local = local;
    this.overview = overview;
  }

  @Get(uri = "/overview", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> overview(
      @QueryValue @Nullable String namespace, HttpRequest<?> request) {
    return TimerReadController.ok(
        overview.overview(OverviewController.visible(Caller.of(request), namespace)));
  }

  @Get(uri = "/timers/{id}", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> timer(@PathVariable String id, HttpRequest<?> request) {
    requireOwned(id);
    return TimerReadController.ok(
        local.timer(id, Caller.of(request)).orElseThrow(() -> ApiProblem.timerNotFound(id)));
  }

  @Get(uri = "/timers/{id}/invocations", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> invocations(
      @PathVariable String id, @QueryValue String limit, HttpRequest<?> request) {
    int size = QueryParams.integer("limit", limit, 1, 1, config.getPage().getMaxLimit());
    requireOwned(id);
    return TimerReadController.ok(
        local
            .invocations(id, size, Caller.of(request))
            .orElseThrow(() -> ApiProblem.timerNotFound(id)));
  }

  @Get(uri = "/timers", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> list(HttpRequest<?> request) {
    PageRequest page = PageRequest.of(request, config);
    return TimerReadController.ok(
        TimerJson.wrap(
            "timers",
            local.list(
                page.namespace(),
                page.labels(),
                page.prefix(),
                page.after(),
                page.limit(),
                Caller.of(request))));
  }

  @Get(uri = "/upcoming", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> upcoming(
      @QueryValue String until, @QueryValue String limit, HttpRequest<?> request) {
    Instant horizon = QueryParams.requiredInstant("until", until);
    int size = QueryParams.integer("limit", limit, 1, 1, config.getPage().getMaxLimit());
    return TimerReadController.ok(
        TimerJson.wrap("firings", local.upcoming(horizon, size, Caller.of(request))));
  }

  private void requireOwned(String id) {
    Optional<?> owner = local.owner(id);
    if (owner.isPresent()) {
      throw ApiProblem.unavailable("timer '" + id + "' has moved to " + owner.get() + "; retry");
    }
  }
}

package io.punctual.api.internal.auth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.punctual.api.internal.problems.ApiProblem;
import io.punctual.api.internal.problems.ProblemResponses;
import java.util.Optional;

/**
 * Identifies the caller of every API route from its {@code Authorization: Bearer} header (401
 * without a valid one) and stores it as the request's {@link Caller}; with access control off,
 * everyone is {@link Caller#ANYONE}. Health, metrics and the OpenAPI document stay open.
 */
@ServerFilter({
  "/timers",
  "/timers/**",
  "/upcoming",
  "/schedules/**",
  "/events",
  "/overview",
  "/dead-letters"
})
public class BearerAuthFilter {
  private static final String BEARER = "Bearer ";

  private final TokenRegistry tokens;

  public BearerAuthFilter(TokenRegistry tokens) {
    this.tokens = tokens;
  }

  /** Returns null to let the request through, or the 401 answer. */
  @RequestFilter
  @Nullable
  public HttpResponse<?> authenticate(HttpRequest<?> request) {
    if (!tokens.enabled()) {
      request.setAttribute(Caller.ATTRIBUTE, Caller.ANYONE);
      return null;
    }
    Optional<String> header = request.getHeaders().get(HttpHeaders.AUTHORIZATION, String.class);
    if (header.isEmpty() || !header.get().regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return ProblemResponses.of(ApiProblem.unauthorized("a bearer token is required"));
    }
    Optional<Caller> caller = tokens.resolve(header.get().substring(BEARER.length()).strip());
    if (caller.isEmpty()) {
      return ProblemResponses.of(ApiProblem.unauthorized("the bearer token is not valid"));
    }
    request.setAttribute(Caller.ATTRIBUTE, caller.get());
    return null;
  }
}

package io.punctual.api.internal.query;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.punctual.api.internal.auth.Caller;
import io.punctual.api.internal.problems.ApiProblem;
import io.punctual.api.internal.problems.ProblemResponses;

/**
 * Lets through to the {@code /internal} endpoints only the instances of the application: a request
 * without the {@link InternalCredential} is refused (401), whatever else it carries, even with
 * access control off. The caller is the one the peer names ({@link InternalScope}).
 */
@ServerFilter(InternalPaths.BASE + "/**")
public class InternalAuthFilter {
  private final InternalCredential credential;

  public InternalAuthFilter(InternalCredential credential) {
    this.credential = credential;
  }

  /** Returns null to let the request through, or the 401 answer. */
  @RequestFilter
  @Nullable
  public HttpResponse<?> authenticate(HttpRequest<?> request) {
    String presented = request.getHeaders().get(InternalCredential.HEADER);
    if (!credential.matches(presented)) {
      return ProblemResponses.of(
          ApiProblem.unauthorized("the internal endpoints answer the scheduler instances only"));
    }
    request.setAttribute(Caller.ATTRIBUTE, InternalScope.of(request));
    return null;
  }
}

package io.punctual.api.internal.problems;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.util.concurrent.RejectedExecutionException;

/**
 * 503 for a request that reaches an instance while it stops: its executors refuse new work (a
 * request forwarded to a peer, a timer's metrics), which says nothing about the request.
 */
@Singleton
public class StoppingHandler
    implements ExceptionHandler<RejectedExecutionException, HttpResponse<String>> {
  @Override
  @SuppressWarnings("rawtypes")
  public HttpResponse<String> handle(HttpRequest request, RejectedExecutionException exception) {
    return ProblemResponses.of(
        ApiProblem.unavailable("this instance is stopping; retry (another instance will answer)"));
  }
}

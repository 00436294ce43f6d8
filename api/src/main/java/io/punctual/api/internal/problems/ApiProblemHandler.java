package io.punctual.api.internal.problems;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Answers a refused request with its problem document. */
@Singleton
public class ApiProblemHandler implements ExceptionHandler<ApiProblem, HttpResponse<String>> {
  @Override
  @SuppressWarnings("rawtypes")
  public HttpResponse<String> handle(HttpRequest request, ApiProblem problem) {
    return ProblemResponses.of(problem);
  }
}

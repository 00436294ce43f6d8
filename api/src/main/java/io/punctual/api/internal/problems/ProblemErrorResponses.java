package io.punctual.api.internal.problems;

import io.micronaut.context.annotation.Primary;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/**
 * Writes the errors Micronaut itself answers (unknown route, wrong method, unsupported media type,
 * unconvertible parameter) as problem documents too, so every error of the API has one form.
 */
@Singleton
@Primary
public class ProblemErrorResponses implements ErrorResponseProcessor<String> {
  @Override
  public MutableHttpResponse<String> processResponse(
      ErrorContext errorContext, MutableHttpResponse<?> baseResponse) {
    HttpStatus status = baseResponse.status();
    String detail = status.getReason();
    String field = null;
    if (errorContext.hasErrors()) {
      Error first = errorContext.getErrors().get(0);
      detail = first.getMessage();
      field = first.getPath().orElse(null);
    }
    MutableHttpResponse<String> problem =
        ProblemResponses.of(
            status,
            ApiProblem.TYPE_BASE + "http-" + status.getCode(),
            status.getReason(),
            detail,
            field);
    baseResponse.getHeaders().getAll("Allow").forEach(allowed -> problem.header("Allow", allowed));
    return problem;
  }
}

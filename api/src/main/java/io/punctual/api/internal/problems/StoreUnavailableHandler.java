package io.punctual.api.internal.problems;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/** 503 while the stores cannot be queried (the instance is starting or rebalancing). */
@Singleton
public class StoreUnavailableHandler
    implements ExceptionHandler<InvalidStateStoreException, HttpResponse<String>> {
  @Override
  @SuppressWarnings("rawtypes")
  public HttpResponse<String> handle(HttpRequest request, InvalidStateStoreException exception) {
    return ProblemResponses.of(
        ApiProblem.unavailable(
            "the scheduler's state cannot be queried now (starting or rebalancing); retry: "
                + exception.getMessage()));
  }
}

package io.punctual.api.internal.problems;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.punctual.api.internal.Json;

/** Writes RFC 9457 problem documents ({@value #MEDIA_TYPE}). */
public final class ProblemResponses {
  /** The problem document media type. */
  public static final String MEDIA_TYPE = "application/problem+json";

  /** The {@code Retry-After} of a 503, in seconds: a rebalance or a restart usually takes this. */
  public static final int RETRY_AFTER_SECONDS = 2;

  private ProblemResponses() {}

  /** The response for a refused request. */
  public static MutableHttpResponse<String> of(ApiProblem problem) {
    return of(
        problem.status(), problem.type(), problem.title(), problem.getMessage(), problem.field());
  }

  /** A problem response from its members; {@code field} may be null. */
  public static MutableHttpResponse<String> of(
      HttpStatus status, String type, String title, String detail, String field) {
    ObjectNode body = Json.object();
    body.put("type", type);
    body.put("title", title);
    body.put("status", status.getCode());
    body.put("detail", detail);
    if (field != null) {
      body.put("field", field);
    }
    MutableHttpResponse<String> response =
        HttpResponse.<String>status(status).body(Json.write(body)).contentType(MEDIA_TYPE);
    if (status == HttpStatus.UNAUTHORIZED) {
      response.header("WWW-Authenticate", "Bearer realm=\"punctual\"");
    }
    if (status == HttpStatus.SERVICE_UNAVAILABLE) {
      response.header(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
    }
    return response;
  }
}

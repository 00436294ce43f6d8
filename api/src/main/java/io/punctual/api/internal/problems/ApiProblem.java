package io.punctual.api.internal.problems;

import io.micronaut.http.HttpStatus;

/**
 * A request the API refuses, answered as an RFC 9457 problem document: {@code type}, {@code title},
 * {@code status}, {@code detail} and, when one field is at fault, {@code field}.
 */
public final class ApiProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Base of every problem {@code type} URI. */
  public static final String TYPE_BASE = "https://punctual.io/problems/";

  private final HttpStatus status;
  private final String slug;
  private final String title;
  private final String field;

  public ApiProblem(HttpStatus status, String slug, String title, String detail, String field) {
    super(detail);
    this.status = status;
    this.slug = slug;
    this.title = title;
    this.field = field;
  }

  /** 400: {@code field} is invalid. */
  public static ApiProblem invalid(String field, String detail) {
    return new ApiProblem(
        HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail, field);
  }

  /** 404: no timer {@code id}. */
  public static ApiProblem timerNotFound(String id) {
    return new ApiProblem(
        HttpStatus.NOT_FOUND, "timer-not-found", "Timer not found", "no timer '" + id + "'", "id");
  }

  /** 401: no valid bearer token. */
  public static ApiProblem unauthorized(String detail) {
    return new ApiProblem(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", detail, null);
  }

  /** 403: the caller may not touch {@code namespace}. */
  public static ApiProblem forbidden(String caller, String namespace) {
    return new ApiProblem(
        HttpStatus.FORBIDDEN,
        "forbidden",
        "Forbidden",
        "token '" + caller + "' may not access namespace '" + namespace + "'",
        "namespace");
  }

  /** 409: a definition would move timer {@code id} from namespace {@code from} to another. */
  public static ApiProblem namespaceChange(String id, String from, String to) {
    return new ApiProblem(
        HttpStatus.CONFLICT,
        "namespace-immutable",
        "Namespace cannot change",
        "timer '"
            + id
            + "' belongs to namespace '"
            + from
            + "', not '"
            + to
            + "': a timer's namespace never changes; delete it and create it anew",
        "namespace");
  }

  /** 503: the scheduler cannot answer now (rebalancing, restoring, an instance unreachable). */
  public static ApiProblem unavailable(String detail) {
    return new ApiProblem(
        HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Temporarily unavailable", detail, null);
  }

  /** The problem another instance answered, passed on as it is. */
  public static ApiProblem fromDocument(com.fasterxml.jackson.databind.JsonNode document) {
    String type = document.path("type").asText("");
    return new ApiProblem(
        HttpStatus.valueOf(document.path("status").asInt(HttpStatus.BAD_GATEWAY.getCode())),
        type.startsWith(TYPE_BASE) ? type.substring(TYPE_BASE.length()) : "remote",
        document.path("title").asText("Error"),
        document.path("detail").asText(""),
        document.hasNonNull("field") ? document.get("field").asText() : null);
  }

  public HttpStatus status() {
    return status;
  }

  /** The problem {@code type} URI. */
  public String type() {
    return TYPE_BASE + slug;
  }

  public String title() {
    return title;
  }

  /** The offending field, or null. */
  public String field() {
    return field;
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}

package io.punctual.api.internal;

import io.punctual.api.internal.problems.ApiProblem;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Parses query and body parameters; a bad value is a 400 problem naming the parameter. */
public final class QueryParams {
  private QueryParams() {}

  /** An integer in {@code [min, max]}, or {@code fallback} when absent. */
  public static int integer(String name, String value, int fallback, int min, int max) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    int parsed;
    try {
      parsed = Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw ApiProblem.invalid(name, "not an integer: '" + value + "'");
    }
    if (parsed < min || parsed > max) {
      throw ApiProblem.invalid(name, "must be between " + min + " and " + max + ", got " + parsed);
    }
    return parsed;
  }

  /** An ISO-8601 instant, or {@code fallback} when absent. */
  public static Instant instant(String name, String value, Instant fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Instant.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw ApiProblem.invalid(name, "not an ISO-8601 instant: '" + value + "'");
    }
  }

  /** A required ISO-8601 instant. */
  public static Instant requiredInstant(String name, String value) {
    if (value == null || value.isBlank()) {
      throw ApiProblem.invalid(name, "is required (an ISO-8601 instant)");
    }
    return instant(name, value, null);
  }

  /** A positive ISO-8601 duration. */
  public static Duration positiveDuration(String name, String value) {
    Duration parsed;
    try {
      parsed = Duration.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw ApiProblem.invalid(name, "not an ISO-8601 duration: '" + value + "'");
    }
    if (parsed.isZero() || parsed.isNegative()) {
      throw ApiProblem.invalid(name, "must be positive, got " + value);
    }
    return parsed;
  }
}

package io.punctual.scheduler.internals;

import io.punctual.ConcurrencyPolicy;
import io.punctual.HttpTarget;
import io.punctual.InvalidTimerException;
import io.punctual.KafkaTarget;
import io.punctual.MisfirePolicy;
import io.punctual.RetryPolicy;
import io.punctual.TimerDefinition;
import io.punctual.scheduler.schedule.Durations;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks what the schema cannot: that a definition makes sense and can be scheduled. Every problem
 * is an {@link InvalidTimerException} naming the field.
 */
public final class TimerValidator {
  /** Longest timer id, in UTF-8 bytes. */
  public static final int MAX_ID_BYTES = 512;

  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");
  private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
  private static final Pattern HTTP_METHOD = Pattern.compile("[A-Z]{1,16}");
  private static final Pattern SUCCESS_CODES =
      Pattern.compile(
          "([1-5]xx|[1-5][0-9]{2}(-[1-5][0-9]{2})?)(\\s*,\\s*([1-5]xx|[1-5][0-9]{2}(-[1-5][0-9]{2})?))*");

  private final FiringPlans plans;

  public TimerValidator(FiringPlans plans) {
    this.plans = plans;
  }

  /** Validates a timer id, whatever its definition. */
  public static void validateId(String id) {
    if (id == null || id.isEmpty()) {
      throw new InvalidTimerException("id", "the record key (timer id) is missing");
    }
    if (id.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_ID_BYTES) {
      throw new InvalidTimerException("id", "longer than " + MAX_ID_BYTES + " bytes");
    }
    for (int i = 0; i < id.length(); i++) {
      if (Character.isISOControl(id.charAt(i))) {
        throw new InvalidTimerException("id", "contains a control character at index " + i);
      }
    }
  }

  /**
   * Validates a definition received under {@code key} at {@code timestamp} and returns its plan.
   */
  public FiringPlan validate(String key, TimerDefinition definition, long timestamp) {
    validateId(key);
    if (definition.getId() != null && !definition.getId().equals(key)) {
      throw new InvalidTimerException(
          "id", "'" + definition.getId() + "' differs from the record key '" + key + "'");
    }
    if (definition.getNamespace().isBlank()) {
      throw new InvalidTimerException("namespace", "must not be blank");
    }
    validateEnums(definition);
    validateWindow(definition);
    validateTarget(definition.getTarget());
    validateRetry(definition.getRetry());
    validateLabels(definition.getLabels());
    return plans.plan(key, definition, timestamp);
  }

  private static void validateEnums(TimerDefinition definition) {
    if (definition.getMisfire() == MisfirePolicy.UNKNOWN) {
      throw new InvalidTimerException("misfire", "unknown misfire policy");
    }
    if (definition.getConcurrency() == ConcurrencyPolicy.UNKNOWN) {
      throw new InvalidTimerException("concurrency", "unknown concurrency policy");
    }
  }

  private static void validateWindow(TimerDefinition definition) {
    instant("startAt", definition.getStartAt());
    instant("endAt", definition.getEndAt());
    if (definition.getSchedule() instanceof io.punctual.AtSchedule at) {
      instant("schedule.at", at.getAt());
    }
    if (definition.getSchedule() instanceof io.punctual.EverySchedule every) {
      instant("schedule.startAt", every.getStartAt());
    }
    if (definition.getStartAt() != null
        && definition.getEndAt() != null
        && definition.getEndAt().isBefore(definition.getStartAt())) {
      throw new InvalidTimerException("endAt", "is before startAt");
    }
    if (definition.getMaxFirings() != null && definition.getMaxFirings() < 1) {
      throw new InvalidTimerException("maxFirings", "must be at least 1");
    }
  }

  private static void instant(String field, Instant value) {
    if (value != null && (value.isBefore(Instant.EPOCH) || value.isAfter(LATEST))) {
      throw new InvalidTimerException(field, value + " is outside 1970-01-01 to 9999-12-31");
    }
  }

  private static void validateTarget(Object target) {
    if (target instanceof HttpTarget http) {
      validateHttp(http);
    } else if (target instanceof KafkaTarget kafka) {
      String topic = kafka.getTopic();
      if (!TOPIC_NAME.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
        throw new InvalidTimerException(
            "target.kafka.topic",
            "'" + topic + "' is not a Kafka topic name (1-249 of a-z A-Z 0-9 . _ -)");
      }
    } else {
      throw new InvalidTimerException("target", "unknown target kind " + target);
    }
  }

  private static void validateHttp(HttpTarget http) {
    if (!HTTP_METHOD.matcher(http.getMethod()).matches()) {
      throw new InvalidTimerException(
          "target.http.method", "'" + http.getMethod() + "' is not an HTTP method");
    }
    try {
      URI uri = new URI(http.getUrl());
      String scheme = uri.getScheme();
      if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
        throw new InvalidTimerException("target.http.url", "must be an http or https URL");
      }
      if (uri.getHost() == null) {
        throw new InvalidTimerException("target.http.url", "has no host");
      }
    } catch (URISyntaxException e) {
      throw new InvalidTimerException("target.http.url", "malformed URL: " + e.getMessage());
    }
    Durations.parse("target.http.timeout", http.getTimeout(), false);
    if (!SUCCESS_CODES.matcher(http.getSuccessCodes()).matches()) {
      throw new InvalidTimerException(
          "target.http.successCodes",
          "'" + http.getSuccessCodes() + "' is not a list of codes, ranges or classes like 2xx");
    }
  }

  private static void validateRetry(RetryPolicy retry) {
    if (retry == null) {
      return;
    }
    if (retry.getMaxAttempts() < 1 || retry.getMaxAttempts() > 1000) {
      throw new InvalidTimerException("retry.maxAttempts", "must be between 1 and 1000");
    }
    Durations.parse("retry.initialBackoff", retry.getInitialBackoff(), false);
    Durations.parse("retry.maxBackoff", retry.getMaxBackoff(), false);
    if (!(retry.getMultiplier() >= 1.0 && retry.getMultiplier() <= 100.0)) {
      throw new InvalidTimerException("retry.multiplier", "must be between 1.0 and 100.0");
    }
  }

  private static void validateLabels(Map<String, String> labels) {
    if (labels.size() > 64) {
      throw new InvalidTimerException("labels", "more than 64 labels");
    }
    labels.forEach(
        (name, value) -> {
          if (name.isEmpty() || name.length() > 128) {
            throw new InvalidTimerException("labels", "a label name must have 1 to 128 characters");
          }
          if (value.length() > 1024) {
            throw new InvalidTimerException("labels." + name, "longer than 1024 characters");
          }
        });
  }
}

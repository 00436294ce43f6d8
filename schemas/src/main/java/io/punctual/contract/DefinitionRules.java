package io.punctual.contract;

import io.punctual.AfterSchedule;
import io.punctual.AtSchedule;
import io.punctual.ConcurrencyPolicy;
import io.punctual.CronSchedule;
import io.punctual.EverySchedule;
import io.punctual.HttpTarget;
import io.punctual.InvalidTimerException;
import io.punctual.KafkaTarget;
import io.punctual.MisfirePolicy;
import io.punctual.RetryPolicy;
import io.punctual.TimerDefinition;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The field rules of a timer definition, in one place: every entry point (REST API, the scheduler's
 * intake, the executor, the CLI) checks with these, and the scheduler normalises each accepted
 * definition with {@link #canonical}. What they cannot tell (that a cron expression ever fires,
 * that the plan yields instants) is the scheduler's plan check, which runs after these. Every
 * problem is an {@link InvalidTimerException} naming the field.
 */
public final class DefinitionRules {
  private static final Pattern HTTP_METHOD = Pattern.compile("[A-Z]{1,16}");
  private static final int MAX_CRON_LENGTH = 1024;

  private DefinitionRules() {}

  /** Checks a timer id, whatever its definition. */
  public static void checkId(String id) {
    if (id == null || id.isEmpty()) {
      throw new InvalidTimerException("id", "the record key (timer id) is missing");
    }
    if (id.getBytes(StandardCharsets.UTF_8).length > Limits.MAX_ID_BYTES) {
      throw new InvalidTimerException("id", "longer than " + Limits.MAX_ID_BYTES + " bytes");
    }
    for (int i = 0; i < id.length(); i++) {
      if (Character.isISOControl(id.charAt(i))) {
        throw new InvalidTimerException("id", "contains a control character at index " + i);
      }
    }
  }

  /**
   * Checks every field of a definition received under {@code key}.
   *
   * @param reserved the topics Kafka targets may not name
   */
  public static void check(String key, TimerDefinition definition, ReservedTopics reserved) {
    checkId(key);
    if (definition.getId() != null && !definition.getId().equals(key)) {
      throw new InvalidTimerException(
          "id", "'" + definition.getId() + "' differs from the record key '" + key + "'");
    }
    checkNamespace(definition.getNamespace());
    checkEnums(definition);
    checkSchedule(definition.getSchedule());
    checkWindow(definition);
    DurationRule.JITTER.parse(definition.getJitter());
    checkTarget(definition.getTarget(), reserved);
    checkRetry(definition.getRetry());
    checkLabels(definition.getLabels());
  }

  /** Checks a namespace: 1 to 128 characters, no control characters, no surrounding blanks. */
  public static void checkNamespace(String namespace) {
    if (namespace == null || namespace.isBlank()) {
      throw new InvalidTimerException("namespace", "must not be blank");
    }
    if (namespace.length() > Limits.MAX_NAMESPACE_LENGTH) {
      throw new InvalidTimerException(
          "namespace", "longer than " + Limits.MAX_NAMESPACE_LENGTH + " characters");
    }
    if (!namespace.strip().equals(namespace)) {
      throw new InvalidTimerException("namespace", "has leading or trailing blanks");
    }
    for (int i = 0; i < namespace.length(); i++) {
      if (Character.isISOControl(namespace.charAt(i))) {
        throw new InvalidTimerException("namespace", "contains a control character");
      }
    }
  }

  /** Checks an instant field: within {@link Limits#EARLIEST} and {@link Limits#LATEST}. */
  public static void checkInstant(String field, Instant value) {
    if (value != null && (value.isBefore(Limits.EARLIEST) || value.isAfter(Limits.LATEST))) {
      throw new InvalidTimerException(field, value + " is outside 1970-01-01 to 9999-12-31");
    }
  }

  /**
   * Checks a target: an HTTP target's method, URL, headers, body, timeout and success codes, or a
   * Kafka target's topic (not reserved), key, value and headers.
   */
  public static void checkTarget(Object target, ReservedTopics reserved) {
    if (target instanceof HttpTarget http) {
      checkHttp(http);
    } else if (target instanceof KafkaTarget kafka) {
      reserved.check(kafka.getTopic());
      checkPayload("target.kafka.key", kafka.getKey());
      checkPayload("target.kafka.value", kafka.getValue());
      TargetHeaders.check("target.kafka.headers", kafka.getHeaders(), false);
    } else {
      throw new InvalidTimerException("target", "unknown target kind " + target);
    }
  }

  /** Checks a retry policy; null (one attempt) is valid. */
  public static void checkRetry(RetryPolicy retry) {
    if (retry == null) {
      return;
    }
    if (retry.getMaxAttempts() < 1 || retry.getMaxAttempts() > Limits.MAX_ATTEMPTS) {
      throw new InvalidTimerException(
          "retry.maxAttempts", "must be between 1 and " + Limits.MAX_ATTEMPTS);
    }
    DurationRule.INITIAL_BACKOFF.parse(retry.getInitialBackoff());
    DurationRule.MAX_BACKOFF.parse(retry.getMaxBackoff());
    if (!(retry.getMultiplier() >= Limits.MIN_MULTIPLIER
        && retry.getMultiplier() <= Limits.MAX_MULTIPLIER)) {
      throw new InvalidTimerException(
          "retry.multiplier",
          "must be between " + Limits.MIN_MULTIPLIER + " and " + Limits.MAX_MULTIPLIER);
    }
  }

  /**
   * The canonical form of a valid definition: durations as {@link java.time.Duration#toString()}
   * ({@code P1W} becomes {@code PT168H}), success codes without blanks, the id set to the key. The
   * scheduler stores and emits this form, so nothing downstream parses a field another way.
   */
  public static TimerDefinition canonical(String key, TimerDefinition definition) {
    TimerDefinition.Builder canonical = TimerDefinition.newBuilder(definition).setId(key);
    canonical.setJitter(DurationRule.JITTER.canonical(definition.getJitter()));
    Object schedule = definition.getSchedule();
    if (schedule instanceof AfterSchedule after) {
      canonical.setSchedule(
          AfterSchedule.newBuilder(after)
              .setAfter(DurationRule.AFTER.canonical(after.getAfter()))
              .build());
    } else if (schedule instanceof EverySchedule every) {
      canonical.setSchedule(
          EverySchedule.newBuilder(every)
              .setEvery(DurationRule.EVERY.canonical(every.getEvery()))
              .build());
    } else if (schedule instanceof CronSchedule cron) {
      canonical.setSchedule(CronSchedule.newBuilder(cron).setCron(cron.getCron().strip()).build());
    }
    if (definition.getTarget() instanceof HttpTarget http) {
      canonical.setTarget(
          HttpTarget.newBuilder(http)
              .setTimeout(DurationRule.TIMEOUT.canonical(http.getTimeout()))
              .setSuccessCodes(SuccessCodes.canonical(http.getSuccessCodes()))
              .build());
    }
    RetryPolicy retry = definition.getRetry();
    if (retry != null) {
      canonical.setRetry(
          RetryPolicy.newBuilder(retry)
              .setInitialBackoff(DurationRule.INITIAL_BACKOFF.canonical(retry.getInitialBackoff()))
              .setMaxBackoff(DurationRule.MAX_BACKOFF.canonical(retry.getMaxBackoff()))
              .build());
    }
    return canonical.build();
  }

  private static void checkEnums(TimerDefinition definition) {
    if (definition.getMisfire() == MisfirePolicy.UNKNOWN) {
      throw new InvalidTimerException("misfire", "unknown misfire policy");
    }
    if (definition.getConcurrency() == ConcurrencyPolicy.UNKNOWN) {
      throw new InvalidTimerException("concurrency", "unknown concurrency policy");
    }
  }

  private static void checkSchedule(Object schedule) {
    if (schedule instanceof CronSchedule cron) {
      if (cron.getCron().length() > MAX_CRON_LENGTH) {
        throw new InvalidTimerException(
            "schedule.cron", "longer than " + MAX_CRON_LENGTH + " characters");
      }
    } else if (schedule instanceof AtSchedule at) {
      checkInstant("schedule.at", at.getAt());
    } else if (schedule instanceof AfterSchedule after) {
      DurationRule.AFTER.parse(after.getAfter());
    } else if (schedule instanceof EverySchedule every) {
      DurationRule.EVERY.parse(every.getEvery());
      checkInstant("schedule.startAt", every.getStartAt());
    } else {
      throw new InvalidTimerException("schedule", "unknown schedule kind " + schedule);
    }
  }

  private static void checkWindow(TimerDefinition definition) {
    checkInstant("startAt", definition.getStartAt());
    checkInstant("endAt", definition.getEndAt());
    if (definition.getStartAt() != null
        && definition.getEndAt() != null
        && definition.getEndAt().isBefore(definition.getStartAt())) {
      throw new InvalidTimerException("endAt", "is before startAt");
    }
    if (definition.getMaxFirings() != null && definition.getMaxFirings() < 1) {
      throw new InvalidTimerException("maxFirings", "must be at least 1");
    }
  }

  private static void checkHttp(HttpTarget http) {
    if (!HTTP_METHOD.matcher(http.getMethod()).matches()) {
      throw new InvalidTimerException(
          "target.http.method", "'" + http.getMethod() + "' is not an HTTP method");
    }
    String url = http.getUrl();
    if (url.length() > Limits.MAX_URL_LENGTH) {
      throw new InvalidTimerException(
          "target.http.url", "longer than " + Limits.MAX_URL_LENGTH + " characters");
    }
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme();
      if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
        throw new InvalidTimerException("target.http.url", "must be an http or https URL");
      }
      if (uri.getHost() == null) {
        throw new InvalidTimerException("target.http.url", "has no host");
      }
      if (uri.getRawUserInfo() != null) {
        throw new InvalidTimerException(
            "target.http.url", "must not carry credentials; use a header with ${secret:NAME}");
      }
    } catch (URISyntaxException e) {
      throw new InvalidTimerException("target.http.url", "malformed URL: " + e.getMessage());
    }
    TargetHeaders.check("target.http.headers", http.getHeaders(), true);
    checkPayload("target.http.body", http.getBody());
    DurationRule.TIMEOUT.parse(http.getTimeout());
    SuccessCodes.parse(http.getSuccessCodes());
  }

  private static void checkPayload(String field, Object payload) {
    if (payload instanceof ByteBuffer bytes) {
      if (bytes.remaining() > Limits.MAX_PAYLOAD_BYTES) {
        throw new InvalidTimerException(
            field, "larger than " + Limits.MAX_PAYLOAD_BYTES + " bytes");
      }
    } else if (payload != null) {
      String text = payload.toString();
      if (text.length() > Limits.MAX_PAYLOAD_BYTES
          || text.getBytes(StandardCharsets.UTF_8).length > Limits.MAX_PAYLOAD_BYTES) {
        throw new InvalidTimerException(
            field, "larger than " + Limits.MAX_PAYLOAD_BYTES + " bytes in UTF-8");
      }
    }
  }

  private static void checkLabels(Map<String, String> labels) {
    if (labels.size() > Limits.MAX_LABELS) {
      throw new InvalidTimerException("labels", "more than " + Limits.MAX_LABELS + " labels");
    }
    labels.forEach(
        (name, value) -> {
          if (name.isEmpty() || name.length() > Limits.MAX_LABEL_NAME_LENGTH) {
            throw new InvalidTimerException(
                "labels",
                "a label name must have 1 to " + Limits.MAX_LABEL_NAME_LENGTH + " characters");
          }
          if (value.length() > Limits.MAX_LABEL_VALUE_LENGTH) {
            throw new InvalidTimerException(
                "labels." + name, "longer than " + Limits.MAX_LABEL_VALUE_LENGTH + " characters");
          }
        });
  }
}

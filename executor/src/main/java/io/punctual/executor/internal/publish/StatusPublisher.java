package io.punctual.executor.internal;

import io.punctual.HttpTarget;
import io.punctual.Invocation;
import io.punctual.InvocationHeaders;
import io.punctual.KafkaTarget;
import io.punctual.StatusEvent;
import io.punctual.StatusType;
import io.punctual.contract.TargetHeaders;
import io.punctual.executor.ExecutorConfig;
import io.punctual.json.AvroJson;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes status events to {@code <prefix>.status} and dead letters to {@code
 * <prefix>.dead-letters}, keyed by timer id, with the plain invocation headers. A dead letter never
 * shows a literal value under a credential-looking header name (see {@link #shown}). Every method
 * returns a future completed when Kafka acknowledged the record (acks=all).
 */
@Singleton
public final class StatusPublisher {
  /** On a dead letter: what went wrong. */
  static final String DEAD_LETTER_ERROR = "punctual-error";

  /** On a dead letter: topic-partition@offset of the trigger. */
  static final String DEAD_LETTER_ORIGIN = "punctual-origin";

  private final KafkaClients kafka;
  private final Serializer<StatusEvent> serializer;
  private final ExecutorConfig config;
  private final Clock clock;
  private final String instance;

  StatusPublisher(KafkaClients kafka, ExecutorConfig config, Clock clock) {
    this.kafka = kafka;
    this.serializer = kafka.statusSerializer();
    this.config = config;
    this.clock = clock;
    this.instance = config.effectiveInstanceId();
  }

  /** This executor's instance id, as written in events. */
  public String instance() {
    return instance;
  }

  /** STARTED for an attempt. */
  CompletableFuture<Void> started(Execution e, int attempt, Instant startedAt) {
    return publish(
        event(e, StatusType.STARTED, attempt)
            .setStartedAt(startedAt)
            .setLatenessMillis(startedAt.toEpochMilli() - e.dueAt.toEpochMilli())
            .build());
  }

  /** SUCCEEDED, FAILED or TIMED_OUT for an attempt. */
  CompletableFuture<Void> outcome(
      Execution e, int attempt, Instant startedAt, AttemptResult result) {
    return publish(
        event(e, result.type(), attempt)
            .setStartedAt(startedAt)
            .setFinishedAt(clock.instant())
            .setLatenessMillis(startedAt.toEpochMilli() - e.dueAt.toEpochMilli())
            .setHttpStatus(result.httpStatus())
            .setError(result.error())
            .setResponseExcerpt(result.excerpt())
            .build());
  }

  /** RETRY_SCHEDULED: the scheduler will send attempt {@code nextAttempt} at {@code at}. */
  CompletableFuture<Void> retryScheduled(Execution e, int nextAttempt, Instant at, String error) {
    return publish(
        event(e, StatusType.RETRY_SCHEDULED, nextAttempt)
            .setNextAttemptAt(at)
            .setError(error)
            .build());
  }

  /** CANCELLED (final). */
  CompletableFuture<Void> cancelled(Execution e, int attempt) {
    return publish(event(e, StatusType.CANCELLED, attempt).setFinishedAt(clock.instant()).build());
  }

  /** DEAD_LETTERED (final), and the trigger's bytes on the dead-letter topic. */
  CompletableFuture<Void> deadLettered(Execution e, int attempt, String error) {
    Headers headers = headers(e.invocation, attempt);
    InvocationHeaders.add(headers, DEAD_LETTER_ERROR, error);
    InvocationHeaders.add(headers, DEAD_LETTER_ORIGIN, e.origin);
    CompletableFuture<Void> letter =
        send(
            new ProducerRecord<>(
                config.deadLettersTopic(), null, key(e.timerId()), shown(e), headers));
    CompletableFuture<Void> status =
        publish(
            event(e, StatusType.DEAD_LETTERED, attempt)
                .setFinishedAt(clock.instant())
                .setError(error)
                .build());
    return CompletableFuture.allOf(letter, status);
  }

  /**
   * The trigger as a dead letter shows it: its own bytes, unless its target has a header whose
   * credential-looking name holds a literal value; then the invocation as JSON with that value
   * redacted ({@link TargetHeaders#redacted}).
   */
  static byte[] shown(Execution e) {
    Object target = e.invocation.getTarget();
    Object redacted = target;
    if (target instanceof HttpTarget http) {
      Map<String, String> headers = TargetHeaders.redacted(http.getHeaders());
      if (!headers.equals(http.getHeaders())) {
        redacted = HttpTarget.newBuilder(http).setHeaders(headers).build();
      }
    } else if (target instanceof KafkaTarget kafka) {
      Map<String, String> headers = TargetHeaders.redacted(kafka.getHeaders());
      if (!headers.equals(kafka.getHeaders())) {
        redacted = KafkaTarget.newBuilder(kafka).setHeaders(headers).build();
      }
    }
    if (redacted == target) {
      return e.triggerBytes;
    }
    return AvroJson.toJsonBytes(Invocation.newBuilder(e.invocation).setTarget(redacted).build());
  }

  /** A trigger that cannot be read: REJECTED, and its bytes on the dead-letter topic. */
  CompletableFuture<Void> rejected(byte[] key, byte[] value, String origin, String error) {
    String timerId = key == null ? "" : new String(key, StandardCharsets.UTF_8);
    Headers headers = new org.apache.kafka.common.header.internals.RecordHeaders();
    InvocationHeaders.add(headers, InvocationHeaders.TIMER_ID, timerId);
    InvocationHeaders.add(headers, DEAD_LETTER_ERROR, error);
    InvocationHeaders.add(headers, DEAD_LETTER_ORIGIN, origin);
    StatusEvent event =
        StatusEvent.newBuilder()
            .setType(StatusType.REJECTED)
            .setTimerId(timerId)
            .setAt(clock.instant())
            .setError(error)
            .setOrigin(origin)
            .setInstance(instance)
            .build();
    CompletableFuture<Void> letter =
        send(new ProducerRecord<>(config.deadLettersTopic(), null, key, value, headers));
    CompletableFuture<Void> status =
        send(
            new ProducerRecord<>(
                config.statusTopic(),
                null,
                key,
                serializer.serialize(config.statusTopic(), event),
                headers));
    return CompletableFuture.allOf(letter, status);
  }

  private StatusEvent.Builder event(Execution e, StatusType type, int attempt) {
    Invocation invocation = e.invocation;
    return StatusEvent.newBuilder()
        .setType(type)
        .setTimerId(invocation.getTimerId())
        .setInvocationId(invocation.getInvocationId())
        .setNamespace(invocation.getNamespace())
        .setAttempt(attempt)
        .setAt(clock.instant())
        .setScheduledAt(invocation.getScheduledAt())
        .setInstance(instance);
  }

  private CompletableFuture<Void> publish(StatusEvent event) {
    try {
      byte[] value = serializer.serialize(config.statusTopic(), event);
      Headers headers =
          InvocationHeaders.of(
              event.getTimerId(),
              event.getInvocationId(),
              event.getScheduledAt().toEpochMilli(),
              event.getAttempt());
      return send(
          new ProducerRecord<>(
              config.statusTopic(), null, key(event.getTimerId()), value, headers));
    } catch (RuntimeException ex) {
      return CompletableFuture.failedFuture(ex);
    }
  }

  private static Headers headers(Invocation invocation, int attempt) {
    return InvocationHeaders.of(
        invocation.getTimerId(),
        invocation.getInvocationId(),
        invocation.getScheduledAt().toEpochMilli(),
        attempt);
  }

  private CompletableFuture<Void> send(ProducerRecord<byte[], byte[]> record) {
    CompletableFuture<Void> acked = new CompletableFuture<>();
    try {
      kafka
          .producer()
          .send(
              record,
              (metadata, error) -> {
                if (error == null) {
                  acked.complete(null);
                } else {
                  acked.completeExceptionally(error);
                }
              });
    } catch (RuntimeException ex) {
      acked.completeExceptionally(ex);
    }
    return acked;
  }

  private static byte[] key(String timerId) {
    return timerId.getBytes(StandardCharsets.UTF_8);
  }
}

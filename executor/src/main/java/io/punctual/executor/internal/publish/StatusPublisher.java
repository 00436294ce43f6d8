package io.punctual.executor.internal.publish;

import io.punctual.HttpTarget;
import io.punctual.Invocation;
import io.punctual.InvocationHeaders;
import io.punctual.KafkaTarget;
import io.punctual.StatusEvent;
import io.punctual.StatusType;
import io.punctual.contract.DeadLetterHeaders;
import io.punctual.contract.TargetHeaders;
import io.punctual.executor.ExecutorConfig;
import io.punctual.executor.internal.KafkaClients;
import io.punctual.executor.internal.Trigger;
import io.punctual.executor.internal.action.AttemptResult;
import io.punctual.json.AvroJson;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes status events to {@code <prefix>.status} and dead letters to {@code
 * <prefix>.dead-letters}, keyed by timer id, with the plain invocation headers; a dead letter adds
 * the {@link DeadLetterHeaders}. A dead letter never shows a literal value under a
 * credential-looking header name (see {@link #shown}). Every method returns a future completed when
 * Kafka acknowledged the record (acks=all); those of {@link StatusEvents} never throw.
 */
@Singleton
public final class StatusPublisher implements StatusEvents {
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

  @Override
  public CompletableFuture<Void> started(
      Trigger trigger, int attempt, Instant dueAt, Instant startedAt) {
    return publish(
        event(trigger, StatusType.STARTED, attempt)
            .setStartedAt(startedAt)
            .setLatenessMillis(startedAt.toEpochMilli() - dueAt.toEpochMilli())
            .build());
  }

  @Override
  public CompletableFuture<Void> outcome(
      Trigger trigger, int attempt, Instant dueAt, Instant startedAt, AttemptResult result) {
    return publish(
        event(trigger, result.type(), attempt)
            .setStartedAt(startedAt)
            .setFinishedAt(clock.instant())
            .setLatenessMillis(startedAt.toEpochMilli() - dueAt.toEpochMilli())
            .setHttpStatus(result.httpStatus())
            .setError(result.error())
            .setResponseExcerpt(result.excerpt())
            .build());
  }

  @Override
  public CompletableFuture<Void> retryScheduled(
      Trigger trigger, int nextAttempt, Instant at, String error) {
    return publish(
        event(trigger, StatusType.RETRY_SCHEDULED, nextAttempt)
            .setNextAttemptAt(at)
            .setError(error)
            .build());
  }

  @Override
  public CompletableFuture<Void> cancelled(Trigger trigger, int attempt) {
    return publish(
        event(trigger, StatusType.CANCELLED, attempt).setFinishedAt(clock.instant()).build());
  }

  @Override
  public CompletableFuture<Void> deadLettered(Trigger trigger, int attempt, String error) {
    Invocation invocation = trigger.invocation();
    CompletableFuture<Void> letter;
    try {
      Headers headers =
          headers(
              invocation.getTimerId(),
              invocation.getInvocationId(),
              invocation.getScheduledAt(),
              attempt);
      DeadLetterHeaders.error(headers, error);
      DeadLetterHeaders.namespace(headers, invocation.getNamespace());
      DeadLetterHeaders.origin(headers, trigger.topic(), trigger.partition(), trigger.offset());
      letter =
          send(
              new ProducerRecord<>(
                  config.deadLettersTopic(),
                  null,
                  key(invocation.getTimerId()),
                  shown(trigger),
                  headers));
    } catch (RuntimeException ex) {
      letter = CompletableFuture.failedFuture(ex);
    }
    CompletableFuture<Void> status =
        publish(
            event(trigger, StatusType.DEAD_LETTERED, attempt)
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
  private static byte[] shown(Trigger trigger) {
    Invocation invocation = trigger.invocation();
    Object target = invocation.getTarget();
    Object redacted = target;
    if (target instanceof HttpTarget http) {
      Map<String, String> headers = TargetHeaders.redacted(http.getHeaders());
      if (!headers.equals(http.getHeaders())) {
        redacted = HttpTarget.newBuilder(http).setHeaders(headers).build();
      }
    } else if (target instanceof KafkaTarget kafka) {
      Map<String, Object> headers =
          TargetHeaders.redacted(kafka.getHeaders(), (Object) TargetHeaders.REDACTED);
      if (!headers.equals(kafka.getHeaders())) {
        redacted = KafkaTarget.newBuilder(kafka).setHeaders(headers).build();
      }
    }
    if (redacted == target) {
      return trigger.bytes();
    }
    return AvroJson.toJsonBytes(Invocation.newBuilder(invocation).setTarget(redacted).build());
  }

  /** A trigger that cannot be read: REJECTED, and its bytes on the dead-letter topic. */
  public CompletableFuture<Void> rejected(ConsumerRecord<byte[], byte[]> record, String error) {
    byte[] key = record.key();
    String origin = Trigger.origin(record.topic(), record.partition(), record.offset());
    String timerId = key == null ? "" : new String(key, StandardCharsets.UTF_8);
    Headers headers = new RecordHeaders();
    InvocationHeaders.add(headers, InvocationHeaders.TIMER_ID, timerId);
    DeadLetterHeaders.error(headers, error);
    DeadLetterHeaders.origin(headers, record.topic(), record.partition(), record.offset());
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
        send(new ProducerRecord<>(config.deadLettersTopic(), null, key, record.value(), headers));
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

  private StatusEvent.Builder event(Trigger trigger, StatusType type, int attempt) {
    Invocation invocation = trigger.invocation();
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
          headers(
              event.getTimerId(),
              event.getInvocationId(),
              event.getScheduledAt(),
              event.getAttempt());
      return send(
          new ProducerRecord<>(
              config.statusTopic(), null, key(event.getTimerId()), value, headers));
    } catch (RuntimeException ex) {
      return CompletableFuture.failedFuture(ex);
    }
  }

  private static Headers headers(
      String timerId, String invocationId, Instant scheduledAt, int attempt) {
    return InvocationHeaders.of(timerId, invocationId, scheduledAt.toEpochMilli(), attempt);
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

package io.punctual.executor.internal.action;

import io.punctual.InvalidTimerException;
import io.punctual.Invocation;
import io.punctual.InvocationHeaders;
import io.punctual.KafkaTarget;
import io.punctual.executor.ExecutorConfig;
import io.punctual.executor.internal.ExecutorThreads;
import io.punctual.executor.internal.KafkaClients;
import io.punctual.executor.internal.guard.TargetRefusedException;
import io.punctual.executor.internal.guard.TopicPolicy;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * A delayed message: produces the target's record (topic, key, value, headers plus the invocation
 * headers) and succeeds when Kafka acknowledged it (acks=all, idempotent producer). The topic is
 * checked first ({@link TopicPolicy}: never a reserved topic, only allowed ones), and secret
 * references in header values are resolved here ({@link SecretResolver}); a refusal is a failure no
 * retry can cure. The record is produced only to a topic known to exist ({@link TopicCatalog},
 * which never creates one): a topic that does not exist, or whose existence the cluster does not
 * tell within {@code delivery-max-block}, fails the attempt without blocking a worker.
 */
@Singleton
final class KafkaAction {
  private final KafkaClients kafka;
  private final TopicPolicy topics;
  private final SecretResolver secrets;
  private final TopicCatalog catalog;
  private final ExecutorThreads threads;

  KafkaAction(
      KafkaClients kafka, ExecutorConfig config, SecretResolver secrets, ExecutorThreads threads) {
    this.kafka = kafka;
    this.topics = TopicPolicy.of(config);
    this.secrets = secrets;
    this.threads = threads;
    this.catalog =
        new TopicCatalog(kafka.admin(), config.getDeliveryMaxBlock(), System::currentTimeMillis);
  }

  ActionCall start(Invocation invocation, KafkaTarget target, int attempt) {
    Map<String, String> targetHeaders;
    try {
      topics.check(target.getTopic());
      targetHeaders = secrets.resolve("target.kafka.headers", target.getHeaders());
    } catch (InvalidTimerException e) {
      return ActionCall.finished(AttemptResult.refused("invalid Kafka target: " + e.getMessage()));
    } catch (TargetRefusedException e) {
      return ActionCall.finished(AttemptResult.refused(e.getMessage()));
    }
    Headers headers =
        InvocationHeaders.of(
            invocation.getTimerId(),
            invocation.getInvocationId(),
            invocation.getScheduledAt().toEpochMilli(),
            attempt);
    targetHeaders.forEach((name, value) -> InvocationHeaders.add(headers, name, value));
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(
            target.getTopic(), null, bytes(target.getKey()), bytes(target.getValue()), headers);
    CompletableFuture<AttemptResult> result = new CompletableFuture<>();
    CompletableFuture<Boolean> exists = catalog.exists(target.getTopic());
    BiConsumer<Boolean, Throwable> deliver =
        (known, error) -> {
          if (error != null) {
            result.complete(
                AttemptResult.failed(
                    "could not tell whether topic " + target.getTopic() + " exists: " + error,
                    null,
                    null));
          } else if (!known) {
            result.complete(
                AttemptResult.failed(
                    "topic "
                        + target.getTopic()
                        + " does not exist (target.kafka.topic); Punctual does not create topics",
                    null,
                    null));
          } else if (!result.isDone()) {
            send(record, result);
          }
        };
    if (exists.isDone()) {
      exists.whenComplete(deliver);
    } else {
      exists.whenCompleteAsync(deliver, threads.worker());
    }
    return new ActionCall() {
      @Override
      public CompletableFuture<AttemptResult> result() {
        return result;
      }

      @Override
      public void cancel() {
        result.complete(AttemptResult.cancelled());
      }
    };
  }

  private void send(
      ProducerRecord<byte[], byte[]> record, CompletableFuture<AttemptResult> result) {
    try {
      kafka
          .deliveries()
          .send(
              record,
              (metadata, error) ->
                  result.complete(
                      error == null
                          ? AttemptResult.succeeded(null, null)
                          : AttemptResult.failed(
                              "delivery to topic " + record.topic() + " failed: " + error,
                              null,
                              null)));
    } catch (RuntimeException e) {
      result.complete(
          AttemptResult.failed(
              "delivery to topic " + record.topic() + " failed: " + e, null, null));
    }
  }

  private static byte[] bytes(CharSequence text) {
    return text == null ? null : text.toString().getBytes(StandardCharsets.UTF_8);
  }
}

package io.punctual.executor.internal;

import io.punctual.InvalidTimerException;
import io.punctual.Invocation;
import io.punctual.InvocationHeaders;
import io.punctual.KafkaTarget;
import io.punctual.executor.ExecutorConfig;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * A delayed message: produces the target's record (topic, key, value, headers plus the invocation
 * headers) and succeeds when Kafka acknowledged it (acks=all, idempotent producer). The topic is
 * checked first ({@link TopicPolicy}: never a reserved topic, only allowed ones), and secret
 * references in header values are resolved here ({@link SecretResolver}); a refusal is a failure no
 * retry can cure. A topic whose metadata does not come within {@code delivery-max-block} fails the
 * attempt.
 */
@Singleton
final class KafkaAction {
  private final KafkaClients kafka;
  private final TopicPolicy topics;
  private final SecretResolver secrets;

  KafkaAction(KafkaClients kafka, ExecutorConfig config, SecretResolver secrets) {
    this.kafka = kafka;
    this.topics = TopicPolicy.of(config);
    this.secrets = secrets;
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
                              "delivery to topic " + target.getTopic() + " failed: " + error,
                              null,
                              null)));
    } catch (RuntimeException e) {
      result.complete(
          AttemptResult.failed(
              "delivery to topic " + target.getTopic() + " failed: " + e, null, null));
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

  private static byte[] bytes(CharSequence text) {
    return text == null ? null : text.toString().getBytes(StandardCharsets.UTF_8);
  }
}

package io.punctual.executor.internal;

import io.punctual.Invocation;
import io.punctual.InvocationHeaders;
import io.punctual.KafkaTarget;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * A delayed message: produces the target's record (topic, key, value, headers plus the invocation
 * headers) and succeeds when Kafka acknowledged it (acks=all, idempotent producer).
 */
@Singleton
final class KafkaAction {
  private final KafkaClients kafka;

  KafkaAction(KafkaClients kafka) {
    this.kafka = kafka;
  }

  ActionCall start(Invocation invocation, KafkaTarget target, int attempt) {
    Headers headers =
        InvocationHeaders.of(
            invocation.getTimerId(),
            invocation.getInvocationId(),
            invocation.getScheduledAt().toEpochMilli(),
            attempt);
    target.getHeaders().forEach((name, value) -> InvocationHeaders.add(headers, name, value));
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(
            target.getTopic(), null, bytes(target.getKey()), bytes(target.getValue()), headers);
    CompletableFuture<AttemptResult> result = new CompletableFuture<>();
    try {
      kafka
          .producer()
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

package io.punctual.scheduler.internals.scheduling;

import io.punctual.InvalidTimerException;
import io.punctual.InvocationHeaders;
import io.punctual.KafkaTarget;
import io.punctual.StatusType;
import io.punctual.TimerDefinition;
import io.punctual.contract.RetryBackoff;
import io.punctual.contract.TargetHeaders;
import io.punctual.contract.TopicAllowlist;
import io.punctual.scheduler.internals.NodeNames;
import io.punctual.scheduler.internals.deliver.Delivery;
import io.punctual.scheduler.internals.deliver.DeliveryCheck;
import io.punctual.scheduler.internals.deliver.Destinations;
import io.punctual.scheduler.internals.intake.DeadLetters;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the record of a timer with a Kafka target in the transaction of its firing: the
 * destination sees it exactly once, with the target's key, value and headers plus the invocation
 * headers, partitioned by its key as the default partitioner would, and the scheduled instant as
 * its timestamp. Each attempt ends in the same transaction:
 *
 * <ul>
 *   <li>written: {@code SUCCEEDED};
 *   <li>the destination is not known yet: the attempt is indexed again one punctuation later, for
 *       the same instant, with no event (the question is on its way);
 *   <li>the destination cannot take it (absent, not writable, too small a limit): {@code
 *       RETRY_SCHEDULED} under the timer's retry policy, and {@code DEAD_LETTERED} when the
 *       attempts are spent; a topic outside the allowlist, or a header that refers to a secret, is
 *       {@code DEAD_LETTERED} at once. A dead-lettered record goes to the dead-letter topic with
 *       the reason.
 * </ul>
 *
 * A final outcome is handed to {@link #takeFinished}, for the processor to end the timer's wait
 * once it has stored the firing.
 */
public final class KafkaDeliveries {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaDeliveries.class);
  private static final String FIELD = "target.kafka.topic";

  private final ProcessorContext<Object, Object> context;
  private final DeliveryCheck check;
  private final DueIndex index;
  private final long holdMs;
  private final List<Finished> finished = new ArrayList<>();

  /** An invocation that reached its final outcome at {@code at}. */
  public record Finished(String timerId, String invocationId, long at) {}

  private KafkaDeliveries(
      ProcessorContext<Object, Object> context, DeliveryCheck check, DueIndex index, long holdMs) {
    this.context = context;
    this.check = check;
    this.index = index;
    this.holdMs = holdMs;
  }

  /**
   * Where Kafka targets may be delivered, shared by the topology's processors.
   *
   * @param allowlist the topics a Kafka target may name
   * @param destinations what the cluster says of topics
   * @param holdMs how long an attempt waits for an unknown destination: a punctuation interval
   */
  public record Targets(TopicAllowlist allowlist, Destinations destinations, long holdMs) {}

  /** The deliveries of a task's processor, whose attempts wait in the task's due index. */
  public static KafkaDeliveries of(
      ProcessorContext<Object, Object> context, Targets targets, DueIndexes indexes) {
    return new KafkaDeliveries(
        context,
        new DeliveryCheck(targets.allowlist(), FIELD, targets.destinations()),
        indexes.of(context.taskId(), context.getStateStore(NodeNames.DUE_INDEX_STORE)),
        targets.holdMs());
  }

  /** Whether the scheduler writes this definition's firings itself (a Kafka target). */
  public static boolean delivers(TimerDefinition definition) {
    return definition.getTarget() instanceof KafkaTarget;
  }

  /** Asks about a definition's destination ahead of its firings. */
  void prepare(TimerDefinition definition) {
    if (definition.getTarget() instanceof KafkaTarget target) {
      try {
        check.allow(target.getTopic());
      } catch (InvalidTimerException e) {
        LOG.debug("destination {} not allowed: {}", target.getTopic(), e.getMessage());
      }
    }
  }

  /** The final outcomes since the last call, oldest first. */
  public List<Finished> takeFinished() {
    if (finished.isEmpty()) {
      return List.of();
    }
    List<Finished> taken = List.copyOf(finished);
    finished.clear();
    return taken;
  }

  /** Makes attempt {@code attempt} of an invocation of a Kafka target at {@code now}. */
  void attempt(
      Emitter emitter,
      String timerId,
      TimerDefinition definition,
      String invocationId,
      long scheduledAt,
      int attempt,
      long now) {
    KafkaTarget target = (KafkaTarget) definition.getTarget();
    Attempt call = new Attempt(emitter, timerId, definition, invocationId, scheduledAt, attempt);
    Headers headers = InvocationHeaders.of(timerId, invocationId, scheduledAt, attempt);
    try {
      TargetHeaders.check("target.kafka.headers", target.getHeaders(), false);
    } catch (InvalidTimerException e) {
      call.deadLetter(null, null, headers, e.getMessage(), now);
      return;
    }
    target.getHeaders().forEach((name, value) -> headers.add(name, bytes(value)));
    byte[] key = bytes(target.getKey());
    byte[] value = bytes(target.getValue());
    DeliveryCheck.Verdict verdict =
        check.verdict(target.getTopic(), key, value, headers, scheduledAt, now);
    if (verdict instanceof DeliveryCheck.Hold) {
      index.putHeld(now + holdMs, timerId, invocationId, attempt, scheduledAt);
    } else if (verdict instanceof DeliveryCheck.Send send) {
      context.forward(
          new Record<Object, Object>(
              key, new Delivery(target.getTopic(), value), send.timestamp(), headers),
          NodeNames.KAFKA_TARGETS_SINK);
      call.outcome(StatusType.SUCCEEDED, null, null, now);
      finished.add(new Finished(timerId, invocationId, now));
    } else {
      DeliveryCheck.Refuse refuse = (DeliveryCheck.Refuse) verdict;
      RetryBackoff backoff = RetryBackoff.of(definition.getRetry());
      if (!refuse.permanent() && backoff.hasAttemptAfter(attempt)) {
        long next =
            now + backoff.after(attempt, ThreadLocalRandom.current()::nextDouble).toMillis();
        call.outcome(StatusType.RETRY_SCHEDULED, refuse.reason(), next, now);
        index.putRetry(next, timerId, invocationId, attempt + 1);
      } else {
        call.deadLetter(key, value, headers, refuse.reason(), now);
      }
    }
  }

  /** One attempt, as its events name it. */
  private final class Attempt {
    private final Emitter emitter;
    private final String timerId;
    private final TimerDefinition definition;
    private final String invocationId;
    private final long scheduledAt;
    private final int attempt;

    Attempt(
        Emitter emitter,
        String timerId,
        TimerDefinition definition,
        String invocationId,
        long scheduledAt,
        int attempt) {
      this.emitter = emitter;
      this.timerId = timerId;
      this.definition = definition;
      this.invocationId = invocationId;
      this.scheduledAt = scheduledAt;
      this.attempt = attempt;
    }

    void outcome(StatusType type, String error, Long nextAttemptAt, long now) {
      emitter.attemptOutcome(
          type,
          timerId,
          definition.getNamespace(),
          invocationId,
          scheduledAt,
          attempt,
          error,
          nextAttemptAt,
          now);
    }

    void deadLetter(byte[] key, byte[] value, Headers headers, String reason, long now) {
      LOG.warn("dead-lettered invocation {} of timer {}: {}", invocationId, timerId, reason);
      context.forward(
          DeadLetters.undeliverable(
              key,
              value,
              headers,
              new InvalidTimerException(FIELD, reason),
              definition.getNamespace(),
              now),
          NodeNames.DEAD_LETTERS_SINK);
      outcome(StatusType.DEAD_LETTERED, reason, null, now);
      finished.add(new Finished(timerId, invocationId, now));
    }
  }

  private static byte[] bytes(Object payload) {
    if (payload == null) {
      return null;
    }
    if (payload instanceof ByteBuffer buffer) {
      return Utils.toArray(buffer);
    }
    return payload.toString().getBytes(StandardCharsets.UTF_8);
  }
}

package io.punctual.scheduler.internals;

import io.punctual.Invocation;
import io.punctual.StatusEvent;
import io.punctual.StatusType;
import io.punctual.TimerDefinition;
import io.punctual.scheduler.topology.NodeNames;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Forwards invocations and status events to their sinks, with the plain headers. */
final class Emitter {
  private final ProcessorContext<String, SpecificRecord> context;
  private final String instance;

  Emitter(ProcessorContext<String, SpecificRecord> context, String instance) {
    this.context = context;
    this.instance = instance;
  }

  /** Emits the first attempt of the firing at {@code scheduledAt}; returns its invocation id. */
  String invocation(String timerId, TimerDefinition definition, long scheduledAt, int coalesced) {
    long now = context.currentSystemTimeMs();
    String invocationId = InvocationHeaders.invocationId(timerId, scheduledAt);
    Invocation invocation =
        Invocation.newBuilder()
            .setInvocationId(invocationId)
            .setTimerId(timerId)
            .setNamespace(definition.getNamespace())
            .setScheduledAt(Instant.ofEpochMilli(scheduledAt))
            .setEmittedAt(Instant.ofEpochMilli(now))
            .setAttempt(1)
            .setTarget(definition.getTarget())
            .setRetry(definition.getRetry())
            .setConcurrency(definition.getConcurrency())
            .setCoalesced(coalesced)
            .setLabels(definition.getLabels())
            .build();
    context.forward(
        new Record<String, SpecificRecord>(
            timerId, invocation, now, InvocationHeaders.of(timerId, invocationId, scheduledAt, 1)),
        NodeNames.TRIGGERS_SINK);
    return invocationId;
  }

  /** A status event about the firing at {@code scheduledAt}. */
  void status(
      StatusType type, String timerId, TimerDefinition definition, Long scheduledAt, String error) {
    long now = context.currentSystemTimeMs();
    String invocationId =
        scheduledAt == null ? null : InvocationHeaders.invocationId(timerId, scheduledAt);
    StatusEvent event =
        StatusEvent.newBuilder()
            .setType(type)
            .setTimerId(timerId)
            .setInvocationId(invocationId)
            .setNamespace(definition.getNamespace())
            .setAt(Instant.ofEpochMilli(now))
            .setScheduledAt(scheduledAt == null ? null : Instant.ofEpochMilli(scheduledAt))
            .setError(error)
            .setInstance(instance)
            .build();
    context.forward(
        new Record<String, SpecificRecord>(
            timerId, event, now, InvocationHeaders.of(timerId, invocationId, scheduledAt, null)),
        NodeNames.STATUS_SINK);
  }
}

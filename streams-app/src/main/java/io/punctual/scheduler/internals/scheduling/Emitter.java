package io.punctual.scheduler.internals.scheduling;

import io.punctual.Invocation;
import io.punctual.InvocationHeaders;
import io.punctual.StatusEvent;
import io.punctual.StatusType;
import io.punctual.TimerDefinition;
import io.punctual.scheduler.internals.NodeNames;
import io.punctual.scheduler.internals.metrics.SchedulerMeters;
import io.punctual.scheduler.internals.state.Completed;
import io.punctual.scheduler.internals.state.StatusHistory;
import java.time.Instant;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Forwards invocations and status events to their sinks, with the plain headers. A status event is
 * kept in the timer's history as it is published, in the same transaction.
 */
public final class Emitter {
  private final ProcessorContext<Object, Object> context;
  private final String instance;
  private final SchedulerMeters meters;
  private final StatusHistory history;
  private final LongSupplier clock;
  private final KafkaDeliveries deliveries;

  /** An emitter that stamps records with the context's wall clock. */
  public Emitter(
      ProcessorContext<Object, Object> context,
      String instance,
      SchedulerMeters meters,
      StatusHistory history,
      KafkaDeliveries deliveries) {
    this(context, instance, meters, history, deliveries, context::currentSystemTimeMs);
  }

  /** An emitter that stamps records with {@code clock} (epoch milliseconds). */
  public Emitter(
      ProcessorContext<Object, Object> context,
      String instance,
      SchedulerMeters meters,
      StatusHistory history,
      KafkaDeliveries deliveries,
      LongSupplier clock) {
    this.context = context;
    this.instance = instance;
    this.meters = meters;
    this.history = history;
    this.deliveries = deliveries;
    this.clock = clock;
  }

  /**
   * Emits the first attempt of the firing {@code invocationId}, or writes it when the scheduler
   * delivers the timer's target itself ({@link KafkaDeliveries}); returns its invocation id.
   */
  public String invocation(
      String timerId,
      TimerDefinition definition,
      String invocationId,
      long scheduledAt,
      int coalesced) {
    long now;
    if (KafkaDeliveries.delivers(definition)) {
      now = clock.getAsLong();
      deliveries.attempt(this, timerId, definition, invocationId, scheduledAt, 1, now);
    } else {
      now = forward(timerId, invocationId, scheduledAt, 1, firing(definition, coalesced));
    }
    meters.fired(definition.getNamespace(), scheduledAt, now);
    return invocationId;
  }

  /**
   * Emits (or writes) attempt {@code attempt} of an invocation, to start at {@code scheduledAt}.
   */
  public void retry(
      String timerId,
      TimerDefinition definition,
      String invocationId,
      long scheduledAt,
      int attempt) {
    if (KafkaDeliveries.delivers(definition)) {
      deliveries.attempt(
          this, timerId, definition, invocationId, scheduledAt, attempt, clock.getAsLong());
      return;
    }
    forward(timerId, invocationId, scheduledAt, attempt, firing(definition, 1));
    meters.retried();
  }

  /** The deliveries this emitter writes itself. */
  public KafkaDeliveries deliveries() {
    return deliveries;
  }

  /**
   * Emits the control record that cancels {@code invocationId} if it is held or running: on the
   * triggers topic under the timer's key, so it comes in order with the timer's firings. A Kafka
   * target's invocation never reaches the executor: its retries, if any, are superseded in the due
   * index ({@link RetryFirings}), and nothing is emitted.
   */
  void cancel(String timerId, TimerDefinition definition, String invocationId) {
    if (KafkaDeliveries.delivers(definition)) {
      return;
    }
    forward(timerId, invocationId, clock.getAsLong(), 1, firing(definition, 1).setCancel(true));
  }

  private Invocation.Builder firing(TimerDefinition definition, int coalesced) {
    return Invocation.newBuilder()
        .setNamespace(definition.getNamespace())
        .setTarget(definition.getTarget())
        .setRetry(definition.getRetry())
        .setConcurrency(definition.getConcurrency())
        .setCoalesced(coalesced)
        .setLabels(definition.getLabels());
  }

  /** Forwards an invocation to the triggers sink; returns the emission time. */
  private long forward(
      String timerId,
      String invocationId,
      long scheduledAt,
      int attempt,
      Invocation.Builder invocation) {
    long now = clock.getAsLong();
    invocation
        .setInvocationId(invocationId)
        .setTimerId(timerId)
        .setScheduledAt(Instant.ofEpochMilli(scheduledAt))
        .setEmittedAt(Instant.ofEpochMilli(now))
        .setAttempt(attempt);
    context.forward(
        new Record<Object, Object>(
            timerId,
            invocation.build(),
            now,
            InvocationHeaders.of(timerId, invocationId, scheduledAt, attempt)),
        NodeNames.TRIGGERS_SINK);
    return now;
  }

  /** The current wall-clock time, in epoch millis. */
  long now() {
    return clock.getAsLong();
  }

  /** Counts an invocation in flight presumed lost. */
  void inFlightExpired() {
    meters.inFlightExpired();
  }

  /** Counts a timer parked because handling it failed. */
  void parked() {
    meters.parked();
  }

  /** A status event about the firing at {@code scheduledAt}. */
  public void status(
      StatusType type, String timerId, TimerDefinition definition, Long scheduledAt, String error) {
    String invocationId =
        scheduledAt == null ? null : InvocationHeaders.invocationId(timerId, scheduledAt);
    status(type, timerId, definition.getNamespace(), invocationId, scheduledAt, error);
  }

  /**
   * A status event about an invocation, in a namespace that may be unknown (null), kept in the
   * timer's history.
   */
  public void status(
      StatusType type,
      String timerId,
      String namespace,
      String invocationId,
      Long scheduledAt,
      String error) {
    long now = clock.getAsLong();
    keep(event(type, timerId, namespace, invocationId, scheduledAt, now).setError(error), now);
  }

  /** A status event about attempt {@code attempt} of an invocation that ended at {@code now}. */
  void attemptOutcome(
      StatusType type,
      String timerId,
      String namespace,
      String invocationId,
      long scheduledAt,
      int attempt,
      String error,
      Long nextAttemptAt,
      long now) {
    keep(
        event(type, timerId, namespace, invocationId, scheduledAt, now)
            .setAttempt(attempt)
            .setStartedAt(Instant.ofEpochMilli(now))
            .setFinishedAt(Instant.ofEpochMilli(now))
            .setLatenessMillis(now - scheduledAt)
            .setError(error)
            .setNextAttemptAt(nextAttemptAt == null ? null : Instant.ofEpochMilli(nextAttemptAt)),
        now);
  }

  private StatusEvent.Builder event(
      StatusType type,
      String timerId,
      String namespace,
      String invocationId,
      Long scheduledAt,
      long now) {
    return StatusEvent.newBuilder()
        .setType(type)
        .setTimerId(timerId)
        .setInvocationId(invocationId)
        .setNamespace(namespace)
        .setAt(Instant.ofEpochMilli(now))
        .setScheduledAt(scheduledAt == null ? null : Instant.ofEpochMilli(scheduledAt))
        .setInstance(instance);
  }

  /** Publishes an event and keeps it in the timer's history, in the same transaction. */
  private void keep(StatusEvent.Builder builder, long now) {
    StatusEvent event = builder.build();
    publish(
        event, now, event.getScheduledAt() == null ? null : event.getScheduledAt().toEpochMilli());
    history.keep(event);
  }

  /**
   * Publishes the {@code COMPLETED} event of a timer whose schedule ran out, and returns it for the
   * timer's state to keep: the history store does not.
   */
  public Completed completed(String timerId, TimerDefinition definition, long firings) {
    long now = clock.getAsLong();
    Completed completed = new Completed(now, firings, instance);
    publish(completed.event(timerId, definition.getNamespace()), now, null);
    return completed;
  }

  /** Keeps in the history store an event published earlier (one a timer's state kept so far). */
  public void keepInHistory(StatusEvent event) {
    history.keep(event);
  }

  private void publish(StatusEvent event, long now, Long scheduledAt) {
    String timerId = event.getTimerId();
    context.forward(
        new Record<Object, Object>(
            timerId,
            event,
            now,
            InvocationHeaders.ofScheduler(timerId, event.getInvocationId(), scheduledAt)),
        NodeNames.STATUS_SINK);
  }
}

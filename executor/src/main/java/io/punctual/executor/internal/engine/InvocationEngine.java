package io.punctual.executor.internal.engine;

import io.punctual.InvalidTimerException;
import io.punctual.StatusType;
import io.punctual.contract.RetryBackoff;
import io.punctual.executor.ExecutorConfig;
import io.punctual.executor.internal.Cancellable;
import io.punctual.executor.internal.ExecutorThreads;
import io.punctual.executor.internal.Trigger;
import io.punctual.executor.internal.action.ActionCall;
import io.punctual.executor.internal.action.Actions;
import io.punctual.executor.internal.action.AttemptResult;
import io.punctual.executor.internal.engine.Execution.State;
import io.punctual.executor.internal.publish.ExecutorMetrics;
import io.punctual.executor.internal.publish.StatusEvents;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the executions of triggers: holds each until its instant, starts it within the in-flight
 * bound, publishes STARTED and the attempt's outcome, retries per the invocation's policy (short
 * backoffs here, long ones handed back to the scheduler as RETRY_SCHEDULED), and ends every
 * execution with exactly one of SUCCEEDED, DEAD_LETTERED, CANCELLED or RETRY_SCHEDULED, or drops it
 * (see {@link Execution} for the states). Once that record is acknowledged by Kafka, the trigger is
 * done on its {@link TriggerPartition}.
 */
@Singleton
public final class InvocationEngine {
  private static final Logger LOG = LoggerFactory.getLogger(InvocationEngine.class);

  /** How many ended deliveries the engine remembers, to perform a trigger delivered again once. */
  static final int RECENT_DELIVERIES = 100_000;

  private final Map<String, Execution> active = new ConcurrentHashMap<>();
  private final Timers timers;
  private final InFlightLimiter limiter;
  private final Actions actions;
  private final StatusEvents status;
  private final ExecutorMetrics metrics;
  private final Executor worker;
  private final Clock clock;
  private final Duration localRetryThreshold;
  private final AtomicInteger unacknowledged = new AtomicInteger();
  private final RecentDeliveries recent = new RecentDeliveries(RECENT_DELIVERIES);
  private volatile boolean shuttingDown;

  @Inject
  InvocationEngine(
      ExecutorConfig config,
      Actions actions,
      StatusEvents status,
      ExecutorMetrics metrics,
      ExecutorThreads threads,
      Clock clock) {
    this(
        config,
        actions,
        status,
        metrics,
        new HeldInvocations(clock, threads.timer(), threads.worker()),
        threads.worker(),
        clock);
  }

  InvocationEngine(
      ExecutorConfig config,
      Actions actions,
      StatusEvents status,
      ExecutorMetrics metrics,
      Timers timers,
      Executor worker,
      Clock clock) {
    this.timers = timers;
    this.limiter = new InFlightLimiter(config.getMaxInFlight(), worker);
    this.actions = actions;
    this.status = status;
    this.metrics = metrics;
    this.worker = worker;
    this.clock = clock;
    this.localRetryThreshold = config.getLocalRetryThreshold();
    metrics.gauge("punctual.executor.in.flight", "Actions running", limiter::inFlight);
    metrics.gauge(
        "punctual.executor.held",
        "Invocations held in memory, not running",
        () -> Math.max(0, active.size() - limiter.inFlight()));
  }

  /** Invocations in memory: held, waiting for a slot, running or finishing. */
  public int activeCount() {
    return active.size();
  }

  /** Whether anything is in memory or has a final outcome not yet acknowledged by Kafka. */
  public boolean busy() {
    return !active.isEmpty() || unacknowledged.get() > 0;
  }

  /**
   * Takes a trigger: it starts at its instant, never before. A trigger delivered again while its
   * first delivery is still here is adopted by it; one delivered again after its first delivery
   * ended is not performed again (see {@link RecentDeliveries}).
   */
  public void submit(Trigger trigger, TriggerPartition partition) {
    Execution e = new Execution(trigger, partition);
    Execution first = active.get(e.id());
    if (first != null
        && first.trigger().invocation().getAttempt() == trigger.invocation().getAttempt()
        && first.adopt(e)) {
      LOG.info("{} delivered again while here: adopted", e);
      return;
    }
    CompletableFuture<Void> earlier = recent.earlier(trigger);
    if (earlier != null) {
      LOG.info("{} delivered again after it ended here: not performed again", e);
      earlier.whenComplete(
          (ok, error) -> {
            if (error == null) {
              partition.done(trigger.offset());
            }
          });
      return;
    }
    active.put(e.id(), e);
    e.hold(timers, () -> due(e));
  }

  /**
   * Cancels the invocation if it is held, waiting or running here, publishing CANCELLED (final).
   * Completes when that is acknowledged, at once when there is nothing to cancel.
   */
  public CompletableFuture<Void> cancel(String invocationId) {
    Execution e = active.get(invocationId);
    if (e == null || !e.cancel()) {
      return CompletableFuture.completedFuture(null);
    }
    LOG.info("cancelling {}", e);
    CompletableFuture<Void> acked = status.cancelled(e.trigger(), e.attempt());
    finish(e, acked);
    return acked;
  }

  private void due(Execution e) {
    Runnable start = () -> start(e);
    Cancellable withdraw =
        () -> {
          if (!limiter.withdraw(start)) {
            LOG.debug("{} left the slot queue before its cancel", e);
          }
        };
    if (e.queue(withdraw)) {
      limiter.submit(start);
    }
  }

  private void start(Execution e) {
    if (!e.start()) {
      limiter.release();
      return;
    }
    int attempt = e.attempt();
    Instant dueAt = e.dueAt();
    Instant startedAt = clock.instant();
    try {
      run(e, attempt, dueAt, startedAt);
    } catch (RuntimeException ex) {
      LOG.error("{} failed to start", e, ex);
      limiter.release();
      giveUp(e, attempt, dueAt, startedAt, "the executor failed to start the attempt: " + ex);
    }
  }

  private void run(Execution e, int attempt, Instant dueAt, Instant startedAt) {
    metrics.lateness(Duration.between(dueAt, startedAt));
    status
        .started(e.trigger(), attempt, dueAt, startedAt)
        .whenComplete(
            (ok, error) -> {
              if (error != null) {
                LOG.warn("STARTED of {} not published: {}", e, error.toString());
              }
            });
    ActionCall call = actions.start(e.trigger(), attempt);
    if (!e.attach(call)) {
      call.cancel();
    }
    call.result()
        .whenCompleteAsync(
            (result, error) ->
                finished(
                    e,
                    attempt,
                    dueAt,
                    startedAt,
                    error == null
                        ? result
                        : AttemptResult.failed("action failed: " + error, null, null)),
            worker);
  }

  /**
   * Ends an attempt: its slot is freed, then its outcome is decided and published. Whatever throws
   * on the way still ends the execution, with FAILED and DEAD_LETTERED naming the cause, so that no
   * trigger is left without a final outcome holding back its partition's commit.
   */
  private void finished(
      Execution e, int attempt, Instant dueAt, Instant startedAt, AttemptResult result) {
    limiter.release();
    try {
      conclude(e, attempt, dueAt, startedAt, result);
    } catch (RuntimeException ex) {
      LOG.error("{}: deciding the outcome failed", e, ex);
      giveUp(e, attempt, dueAt, startedAt, "the executor failed to conclude the attempt: " + ex);
    }
  }

  /** Ends an execution at once: FAILED, then DEAD_LETTERED, with the error. */
  private void giveUp(Execution e, int attempt, Instant dueAt, Instant startedAt, String error) {
    if (!e.giveUp()) {
      return;
    }
    AttemptResult failed = AttemptResult.refused(error);
    finish(
        e,
        afterAck(
            status.outcome(e.trigger(), attempt, dueAt, startedAt, failed),
            () -> status.deadLettered(e.trigger(), attempt, error)));
  }

  private void conclude(
      Execution e, int attempt, Instant dueAt, Instant startedAt, AttemptResult result) {
    metrics.outcome(result.type());
    RetryBackoff backoff = backoffOf(e.trigger());
    boolean retry = !result.succeeded() && result.retryable() && backoff.hasAttemptAfter(attempt);
    Duration wait =
        retry ? backoff.after(attempt, ThreadLocalRandom.current()::nextDouble) : Duration.ZERO;
    State reached;
    if (retry && wait.compareTo(localRetryThreshold) < 0 && !shuttingDown) {
      reached = e.retryHere(clock.instant().plus(wait), timers, () -> due(e));
    } else {
      reached = e.end(verdict(result, retry));
    }
    if (reached == null) {
      return;
    }
    if (result.type() == StatusType.CANCELLED) {
      active.remove(e.id(), e);
      return;
    }
    CompletableFuture<Void> outcome =
        status.outcome(e.trigger(), attempt, dueAt, startedAt, result);
    switch (reached) {
      case HELD -> {
        LOG.info("{} {}: retrying here in {}", e, result.type(), wait);
        if (shuttingDown) {
          shutDown(e);
        }
      }
      case SUCCEEDED -> finish(e, outcome);
      case DEAD_LETTERED -> {
        String error =
            result.retryable()
                ? "gave up after " + attempt + " attempt(s): " + result.error()
                : result.error();
        LOG.warn("{} {}, not retried: {}", e, result.type(), error);
        finish(e, afterAck(outcome, () -> status.deadLettered(e.trigger(), attempt, error)));
      }
      case RETRY_SCHEDULED -> {
        Instant next = clock.instant().plus(wait);
        LOG.info(
            "{} {}: retry {} handed to the scheduler for {}", e, result.type(), attempt + 1, next);
        finish(
            e,
            outcome.thenComposeAsync(
                ok -> status.retryScheduled(e.trigger(), attempt + 1, next, result.error()),
                worker));
      }
      default -> active.remove(e.id(), e);
    }
  }

  /** The end of an attempt that is not retried here. */
  private static State verdict(AttemptResult result, boolean retry) {
    if (result.type() == StatusType.CANCELLED) {
      return State.DROPPED;
    }
    if (result.succeeded()) {
      return State.SUCCEEDED;
    }
    return retry ? State.RETRY_SCHEDULED : State.DEAD_LETTERED;
  }

  /** The invocation's backoff; a policy the contract refuses allows no retry. */
  private static RetryBackoff backoffOf(Trigger trigger) {
    try {
      return RetryBackoff.of(trigger.invocation().getRetry());
    } catch (InvalidTimerException invalid) {
      return RetryBackoff.of(null);
    }
  }

  /**
   * The final record, published once the attempt's outcome is acknowledged or has failed: a lost
   * FAILED event does not keep the execution from its end.
   */
  private CompletableFuture<Void> afterAck(
      CompletableFuture<Void> outcome, Supplier<CompletableFuture<Void>> last) {
    return outcome
        .handleAsync(
            (ok, error) -> {
              if (error != null) {
                LOG.warn("an attempt's outcome was not published: {}", error.toString());
              }
              return null;
            },
            worker)
        .thenCompose(ok -> last.get());
  }

  /** Hands an ended execution's final record to Kafka: its trigger is done once acknowledged. */
  private void finish(Execution e, CompletableFuture<Void> acked) {
    unacknowledged.incrementAndGet();
    recent.ended(e.trigger(), acked);
    active.remove(e.id(), e);
    acked.whenComplete(
        (ok, error) -> {
          unacknowledged.decrementAndGet();
          e.acknowledged(error == null);
          if (error != null) {
            LOG.error(
                "outcome of {} not acknowledged by Kafka; its trigger stays uncommitted and will be"
                    + " redone: {}",
                e,
                error.toString());
          }
        });
  }

  /**
   * Drops what has not started on partitions being revoked (the next owner starts it); what runs
   * goes on, and ends as it would have.
   */
  public void dropWaiting(Set<? extends TriggerPartition> partitions) {
    for (Execution e : executionsOf(partitions)) {
      if (e.drop()) {
        active.remove(e.id(), e);
      }
    }
  }

  /**
   * Whether an action still runs on these partitions, or an outcome is not yet acknowledged (of any
   * partition: acknowledgements are not told apart by partition, and come within moments).
   */
  public boolean running(Set<? extends TriggerPartition> partitions) {
    if (unacknowledged.get() > 0) {
      return true;
    }
    for (Execution e : active.values()) {
      State state = e.state();
      if (partitions.contains(e.partition()) && !state.waiting() && state != State.DROPPED) {
        return true;
      }
    }
    return false;
  }

  /**
   * Stops work on revoked partitions: what has not started is dropped; what runs finishes, with a
   * final outcome only if it succeeded. The new owner of the partitions redoes the rest (same
   * idempotency keys).
   */
  public void abandon(Set<? extends TriggerPartition> partitions) {
    for (Execution e : executionsOf(partitions)) {
      abandon(e, false);
    }
  }

  /**
   * Begins a graceful shutdown: executions not started are dropped (their triggers stay
   * uncommitted); those waiting for a local retry, and those that fail from now on, hand their
   * retry to the scheduler instead; running ones go on.
   */
  public void beginShutdown() {
    shuttingDown = true;
    for (Execution e : new ArrayList<>(active.values())) {
      shutDown(e);
    }
  }

  private void shutDown(Execution e) {
    State reached = e.shutDown();
    if (reached == State.RETRY_SCHEDULED) {
      Instant now = clock.instant();
      Instant at = e.dueAt().isBefore(now) ? now : e.dueAt();
      finish(e, status.retryScheduled(e.trigger(), e.attempt(), at, "executor shutting down"));
    } else if (reached == State.DROPPED) {
      active.remove(e.id(), e);
    }
  }

  /** Aborts whatever still runs at the end of a shutdown, without a final outcome. */
  public void abandonAll() {
    for (Execution e : new ArrayList<>(active.values())) {
      abandon(e, true);
    }
  }

  private void abandon(Execution e, boolean abortRunning) {
    if (!e.orphan(abortRunning) && e.drop()) {
      active.remove(e.id(), e);
    }
  }

  private List<Execution> executionsOf(Set<? extends TriggerPartition> partitions) {
    List<Execution> found = new ArrayList<>();
    for (Execution e : active.values()) {
      if (partitions.contains(e.partition())) {
        found.add(e);
      }
    }
    return found;
  }
}

package io.punctual.executor.internal;

import io.punctual.HttpTarget;
import io.punctual.InvalidTimerException;
import io.punctual.KafkaTarget;
import io.punctual.StatusType;
import io.punctual.contract.DefinitionRules;
import io.punctual.contract.ReservedTopics;
import io.punctual.executor.ExecutorConfig;
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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs deliveries of invocations: holds each until its instant, starts it within the in-flight
 * bound, publishes STARTED and the attempt's outcome, retries per the invocation's policy (short
 * backoffs here, long ones handed back to the scheduler as RETRY_SCHEDULED), and ends every
 * delivery with exactly one of SUCCEEDED, DEAD_LETTERED, CANCELLED or RETRY_SCHEDULED. Once that
 * record is acknowledged by Kafka, the trigger's offset is marked finished in its {@link
 * OffsetTracker}.
 */
@Singleton
public final class InvocationEngine {
  private static final Logger LOG = LoggerFactory.getLogger(InvocationEngine.class);

  private final Map<String, Execution> active = new ConcurrentHashMap<>();
  private final HeldInvocations held;
  private final InFlightLimiter limiter;
  private final HttpAction http;
  private final KafkaAction kafka;
  private final StatusPublisher status;
  private final ExecutorMetrics metrics;
  private final ExecutorThreads threads;
  private final Clock clock;
  private final Duration localRetryThreshold;
  private final ReservedTopics reserved;
  private final AtomicInteger unacknowledged = new AtomicInteger();
  private final RecentDeliveries recent = new RecentDeliveries(RECENT_DELIVERIES);
  private volatile boolean shuttingDown;

  /** How many ended deliveries the engine remembers, to perform a trigger delivered again once. */
  static final int RECENT_DELIVERIES = 100_000;

  InvocationEngine(
      ExecutorConfig config,
      HttpAction http,
      KafkaAction kafka,
      StatusPublisher status,
      ExecutorMetrics metrics,
      ExecutorThreads threads,
      Clock clock) {
    this.held = new HeldInvocations(clock, threads.timer(), threads.worker());
    this.limiter = new InFlightLimiter(config.getMaxInFlight(), threads.worker());
    this.http = http;
    this.kafka = kafka;
    this.status = status;
    this.metrics = metrics;
    this.threads = threads;
    this.clock = clock;
    this.localRetryThreshold = config.getLocalRetryThreshold();
    this.reserved = ReservedTopics.of(config.getTopicPrefix(), config.getSchedulerApplicationId());
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
  boolean busy() {
    return !active.isEmpty() || unacknowledged.get() > 0;
  }

  /**
   * Takes a delivery: it starts at its instant, never before. A trigger delivered again while its
   * first delivery is still here is adopted by it; one delivered again after its first delivery
   * ended is not performed again (see {@link RecentDeliveries}).
   */
  void submit(Execution e) {
    Execution first = active.get(e.id());
    if (first != null
        && first.invocation.getAttempt() == e.invocation.getAttempt()
        && adopt(first, e)) {
      LOG.info("{} delivered again while here: adopted", e);
      return;
    }
    CompletableFuture<Void> earlier = recent.earlier(e);
    if (earlier != null) {
      LOG.info("{} delivered again after it ended here: not performed again", e);
      earlier.whenComplete(
          (ok, error) -> {
            if (error == null) {
              e.tracker.done(e.offset);
            }
          });
      return;
    }
    active.put(e.id(), e);
    synchronized (e) {
      e.state = Execution.State.HELD;
      e.pending = held.at(e.dueAt, () -> due(e));
    }
  }

  /**
   * Cancels the invocation if it is held, waiting or running here, publishing CANCELLED (final).
   * Completes when that is acknowledged, at once when there is nothing to cancel.
   */
  CompletableFuture<Void> cancel(String invocationId) {
    Execution e = active.get(invocationId);
    if (e == null) {
      return CompletableFuture.completedFuture(null);
    }
    Cancellable pending;
    int attempt;
    synchronized (e) {
      if (e.state == Execution.State.DONE || e.state == Execution.State.FINISHING) {
        return CompletableFuture.completedFuture(null);
      }
      e.state = Execution.State.DONE;
      pending = e.pending;
      attempt = e.attempt;
    }
    if (pending != null) {
      pending.cancel();
    }
    active.remove(e.id(), e);
    LOG.info("cancelling {}", e);
    CompletableFuture<Void> acked = status.cancelled(e, attempt);
    acknowledge(e, acked);
    return acked;
  }

  private void due(Execution e) {
    Runnable start = () -> start(e);
    synchronized (e) {
      if (e.state == Execution.State.DONE) {
        return;
      }
      e.state = Execution.State.WAITING_SLOT;
      e.pending =
          () -> {
            if (!limiter.withdraw(start)) {
              LOG.debug("{} left the slot queue before its cancel", e);
            }
          };
    }
    limiter.submit(start);
  }

  private void start(Execution e) {
    int attempt;
    synchronized (e) {
      if (e.state == Execution.State.DONE) {
        limiter.release();
        return;
      }
      e.state = Execution.State.RUNNING;
      attempt = e.attempt;
    }
    Instant startedAt = clock.instant();
    try {
      run(e, attempt, startedAt);
    } catch (RuntimeException ex) {
      LOG.error("{} failed to start", e, ex);
      limiter.release();
      giveUp(e, attempt, startedAt, "the executor failed to start the attempt: " + ex);
    }
  }

  private void run(Execution e, int attempt, Instant startedAt) {
    metrics.lateness(Duration.between(e.dueAt, startedAt));
    status
        .started(e, attempt, startedAt)
        .whenComplete(
            (ok, error) -> {
              if (error != null) {
                LOG.warn("STARTED of {} not published: {}", e, error.toString());
              }
            });
    ActionCall call = action(e, attempt);
    boolean abort;
    synchronized (e) {
      abort = e.state == Execution.State.DONE;
      if (!abort) {
        e.pending = call;
      }
    }
    if (abort) {
      call.cancel();
    }
    call.result()
        .whenCompleteAsync(
            (result, error) ->
                finished(
                    e,
                    attempt,
                    startedAt,
                    error == null
                        ? result
                        : AttemptResult.failed("action failed: " + error, null, null)),
            threads.worker());
  }

  private ActionCall action(Execution e, int attempt) {
    Object target = e.invocation.getTarget();
    try {
      DefinitionRules.checkTarget(target, reserved);
      DefinitionRules.checkRetry(e.invocation.getRetry());
    } catch (InvalidTimerException invalid) {
      return ActionCall.finished(
          AttemptResult.refused("invalid definition, not performed: " + invalid.getMessage()));
    }
    try {
      if (target instanceof HttpTarget httpTarget) {
        return http.start(e.invocation, httpTarget, attempt);
      }
      if (target instanceof KafkaTarget kafkaTarget) {
        return kafka.start(e.invocation, kafkaTarget, attempt);
      }
      return ActionCall.finished(AttemptResult.refused("unknown target type: " + target));
    } catch (RuntimeException ex) {
      LOG.error("action of {} could not start", e, ex);
      return ActionCall.finished(AttemptResult.failed("action could not start: " + ex, null, null));
    }
  }

  /**
   * Ends an attempt: its slot is freed, then its outcome is decided and published. Whatever throws
   * on the way still ends the delivery, with FAILED and DEAD_LETTERED naming the cause, so that no
   * trigger is left without a final outcome holding back its partition's commit.
   */
  private void finished(Execution e, int attempt, Instant startedAt, AttemptResult result) {
    limiter.release();
    try {
      conclude(e, attempt, startedAt, result);
    } catch (RuntimeException ex) {
      LOG.error("{}: deciding the outcome failed", e, ex);
      giveUp(e, attempt, startedAt, "the executor failed to conclude the attempt: " + ex);
    }
  }

  /** Ends a delivery at once: FAILED, then DEAD_LETTERED, with the error. */
  private void giveUp(Execution e, int attempt, Instant startedAt, String error) {
    synchronized (e) {
      if (e.state == Execution.State.DONE) {
        return;
      }
      e.state = Execution.State.FINISHING;
    }
    AttemptResult failed = AttemptResult.refused(error);
    finish(
        e,
        afterAck(
            status.outcome(e, attempt, startedAt, failed),
            () -> status.deadLettered(e, attempt, error)));
  }

  /** The invocation's backoff; a policy the contract refuses allows no retry. */
  private static RetryBackoff backoffOf(Execution e) {
    try {
      return RetryBackoff.of(e.invocation.getRetry());
    } catch (InvalidTimerException invalid) {
      return RetryBackoff.of(null);
    }
  }

  private void conclude(Execution e, int attempt, Instant startedAt, AttemptResult result) {
    metrics.outcome(result.type());
    RetryBackoff backoff = backoffOf(e);
    Duration wait = Duration.ZERO;
    boolean localRetry = false;
    // an abandoned run (its partition was revoked) that succeeded still ends: its outcome is
    // published and remembered, so that the same trigger delivered here again is not performed
    // again; one that did not succeed is left to the partition's new owner
    boolean dropped;
    synchronized (e) {
      if (e.state == Execution.State.DONE) {
        return;
      }
      dropped = e.abandoned && !result.succeeded();
      if (dropped) {
        e.state = Execution.State.DONE;
      } else if (!result.succeeded() && result.retryable() && backoff.hasAttemptAfter(attempt)) {
        wait = backoff.after(attempt, ThreadLocalRandom.current()::nextDouble);
        localRetry = wait.compareTo(localRetryThreshold) < 0 && !shuttingDown;
      }
      if (localRetry) {
        e.attempt = attempt + 1;
        e.dueAt = clock.instant().plus(wait);
        e.state = Execution.State.HELD;
        e.pending = held.at(e.dueAt, () -> due(e));
      } else if (!dropped) {
        e.state = Execution.State.FINISHING;
      }
    }
    if (result.type() == StatusType.CANCELLED) {
      active.remove(e.id(), e);
      return;
    }
    CompletableFuture<Void> outcome = status.outcome(e, attempt, startedAt, result);
    if (dropped) {
      active.remove(e.id(), e);
      return;
    }
    if (localRetry) {
      LOG.info("{} {}: retrying here in {}", e, result.type(), wait);
      return;
    }
    if (result.succeeded()) {
      finish(e, outcome);
    } else if (!result.retryable()) {
      LOG.warn("{} {}, not retried: {}", e, result.type(), result.error());
      finish(e, afterAck(outcome, () -> status.deadLettered(e, attempt, result.error())));
    } else if (!backoff.hasAttemptAfter(attempt)) {
      String error = "gave up after " + attempt + " attempt(s): " + result.error();
      LOG.warn("{} {}", e, error);
      finish(e, afterAck(outcome, () -> status.deadLettered(e, attempt, error)));
    } else {
      Instant next = clock.instant().plus(wait);
      LOG.info(
          "{} {}: retry {} handed to the scheduler for {}", e, result.type(), attempt + 1, next);
      finish(
          e,
          outcome.thenComposeAsync(
              ok -> status.retryScheduled(e, attempt + 1, next, result.error()), threads.worker()));
    }
  }

  /**
   * The final record, published once the attempt's outcome is acknowledged or has failed: a lost
   * FAILED event does not keep the delivery from its end.
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
            threads.worker())
        .thenCompose(ok -> last.get());
  }

  private void finish(Execution e, CompletableFuture<Void> acked) {
    synchronized (e) {
      e.state = Execution.State.DONE;
    }
    active.remove(e.id(), e);
    acknowledge(e, acked);
  }

  /** Whether {@code first}, not over yet, took {@code again} on (and is no longer abandoned). */
  private static boolean adopt(Execution first, Execution again) {
    synchronized (first) {
      if (first.state == Execution.State.DONE) {
        return false;
      }
      first.abandoned = false;
      first.adopted.add(again);
      return true;
    }
  }

  private void acknowledge(Execution e, CompletableFuture<Void> acked) {
    unacknowledged.incrementAndGet();
    recent.ended(e, acked);
    acked.whenComplete(
        (ok, error) -> {
          unacknowledged.decrementAndGet();
          if (error == null) {
            e.tracker.done(e.offset);
            List<Execution> adopted;
            synchronized (e) {
              adopted = List.copyOf(e.adopted);
            }
            adopted.forEach(again -> again.tracker.done(again.offset));
          } else {
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
  void dropWaiting(Set<OffsetTracker> trackers) {
    for (Execution e : new ArrayList<>(active.values())) {
      if (!trackers.contains(e.tracker)) {
        continue;
      }
      Cancellable pending;
      synchronized (e) {
        if (e.state != Execution.State.HELD && e.state != Execution.State.WAITING_SLOT) {
          continue;
        }
        e.state = Execution.State.DONE;
        pending = e.pending;
      }
      active.remove(e.id(), e);
      if (pending != null) {
        pending.cancel();
      }
    }
  }

  /**
   * Whether an action still runs on these partitions, or an outcome is not yet acknowledged (of any
   * partition: acknowledgements are not told apart by partition, and come within moments).
   */
  boolean running(Set<OffsetTracker> trackers) {
    if (unacknowledged.get() > 0) {
      return true;
    }
    for (Execution e : active.values()) {
      if (trackers.contains(e.tracker)) {
        synchronized (e) {
          if (e.state == Execution.State.RUNNING || e.state == Execution.State.FINISHING) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * Stops work on revoked partitions: what has not started is dropped; what runs finishes, with a
   * final outcome only if it succeeded. The new owner of the partitions redoes the rest (same
   * idempotency keys).
   */
  void abandon(Set<OffsetTracker> trackers) {
    for (Execution e : new ArrayList<>(active.values())) {
      if (trackers.contains(e.tracker)) {
        abandon(e, false);
      }
    }
  }

  /**
   * Begins a graceful shutdown: invocations not started are dropped (their triggers stay
   * uncommitted); those waiting for a local retry, and those that fail from now on, hand their
   * retry to the scheduler instead; running ones go on.
   */
  void beginShutdown() {
    shuttingDown = true;
    for (Execution e : new ArrayList<>(active.values())) {
      boolean handBack;
      Cancellable pending;
      int attempt;
      synchronized (e) {
        boolean waiting =
            e.state == Execution.State.HELD || e.state == Execution.State.WAITING_SLOT;
        if (!waiting) {
          continue;
        }
        handBack = e.attempt > e.invocation.getAttempt();
        e.state = handBack ? Execution.State.FINISHING : Execution.State.DONE;
        pending = e.pending;
        attempt = e.attempt;
      }
      if (pending != null) {
        pending.cancel();
      }
      if (handBack) {
        Instant at = e.dueAt.isBefore(clock.instant()) ? clock.instant() : e.dueAt;
        finish(e, status.retryScheduled(e, attempt, at, "executor shutting down"));
      } else {
        active.remove(e.id(), e);
      }
    }
  }

  /** Aborts whatever still runs at the end of a shutdown, without a final outcome. */
  void abandonAll() {
    for (Execution e : new ArrayList<>(active.values())) {
      abandon(e, true);
    }
  }

  private void abandon(Execution e, boolean abortRunning) {
    Cancellable pending;
    synchronized (e) {
      if (e.state == Execution.State.DONE || e.state == Execution.State.FINISHING) {
        return;
      }
      pending = e.pending;
      if (e.state == Execution.State.RUNNING) {
        e.abandoned = true;
        if (!abortRunning) {
          return;
        }
      } else {
        e.state = Execution.State.DONE;
        active.remove(e.id(), e);
      }
    }
    if (pending != null) {
      pending.cancel();
    }
  }

  /** A snapshot of the invocation ids in memory, for diagnostics. */
  public List<String> activeIds() {
    return List.copyOf(active.keySet());
  }
}

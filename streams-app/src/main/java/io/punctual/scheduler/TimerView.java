package io.punctual.scheduler;

import io.punctual.StatusEvent;
import io.punctual.TimerDefinition;
import java.time.Instant;
import java.util.List;

/**
 * A timer as its owning scheduler instance sees it: the definition and where its schedule stands.
 *
 * @param id the timer id
 * @param definition the timer as last defined
 * @param anchor when its schedule came into force (the timestamp of the definition record that set
 *     it): {@code after} and {@code every} without a start count from here; pass it to {@link
 *     TimerCommands#countInstants} to check a backfill range
 * @param nextInstants the instants its next firings are due at (jitter included), soonest first:
 *     empty when it has no further instant or waits for the outcome of its invocation (fixed
 *     delay); listed even while it is paused, though resuming applies the misfire policy to those
 *     past
 * @param lastOutcome the newest outcome of one of its invocations in the history ({@code
 *     SUCCEEDED}, {@code FAILED}, {@code TIMED_OUT}, {@code RETRY_SCHEDULED}, {@code
 *     DEAD_LETTERED}, {@code CANCELLED} or {@code SKIPPED}), or null
 * @param firings invocations emitted by its schedule so far (manual and backfilled firings and
 *     retries are not counted)
 * @param paused whether it fires nothing: the pause or resume command applied since the last
 *     definition record if any, else the definition's {@code paused}
 * @param inFlight the invocation whose final outcome it waits for, or null (only timers whose
 *     concurrency is {@code FORBID} or {@code REPLACE}, or fixed delay, track one)
 */
public record TimerView(
    String id,
    TimerDefinition definition,
    Instant anchor,
    List<Instant> nextInstants,
    StatusEvent lastOutcome,
    long firings,
    boolean paused,
    String inFlight) {
  public TimerView {
    nextInstants = List.copyOf(nextInstants);
  }
}

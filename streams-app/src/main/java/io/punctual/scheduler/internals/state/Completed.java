package io.punctual.scheduler.internals.state;

import io.punctual.StatusEvent;
import io.punctual.StatusType;
import java.time.Instant;

/**
 * The {@code COMPLETED} event the scheduler published when a timer's schedule ran out. The timer's
 * state keeps it, and the history shows it from there: a one-shot firing writes no history record.
 * The next definition of the timer moves it into the history store.
 *
 * @param at epoch millis it was published
 * @param firings invocations the timer had emitted by then
 * @param instance the scheduler instance that published it
 */
public record Completed(long at, long firings, String instance) {
  /** The event as published, and as the history shows it. */
  public StatusEvent event(String timerId, String namespace) {
    return StatusEvent.newBuilder()
        .setType(StatusType.COMPLETED)
        .setTimerId(timerId)
        .setNamespace(namespace)
        .setAt(Instant.ofEpochMilli(at))
        .setError(
            "no further instant: schedule, endAt or maxFirings reached after "
                + firings
                + " firings")
        .setInstance(instance)
        .build();
  }
}

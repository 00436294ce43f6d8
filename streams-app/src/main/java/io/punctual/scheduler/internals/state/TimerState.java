package io.punctual.scheduler.internals.state;

import io.punctual.TimerDefinition;

/**
 * What the scheduler stores per timer id: a {@link LiveTimer}, or the {@link DeletionMarker} of a
 * timer deleted late. Both keep where the schedule stood, and both are indexed in the due index
 * while {@link #indexed()}: a live timer at its next firing, a marker at its removal.
 */
public sealed interface TimerState permits LiveTimer, DeletionMarker {
  /** Marks an absent instant. */
  long NONE = Long.MIN_VALUE;

  /** The timer as last defined. */
  TimerDefinition definition();

  /**
   * Epoch millis the schedule came into force (the record timestamp of the definition that set it);
   * {@code after} and {@code every} without a start count from here.
   */
  long anchor();

  /** Nominal instants at or before this epoch milli are done (fired or missed). */
  long cursor();

  /** When the last awaited invocation finished (fixed delay), or {@link #NONE}. */
  long lastOutcome();

  /** Whether the state has an entry in the due index. */
  boolean indexed();

  /**
   * The instant of its entry in the due index.
   *
   * @throws IllegalStateException when it has none ({@link #indexed()} is false)
   */
  long indexedAt();
}

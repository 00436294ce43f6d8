package io.punctual.scheduler.internals.state;

import io.punctual.TimerDefinition;
import java.util.Objects;

/**
 * What remains of a timer deleted after its schedule fired past the delete's timestamp: where the
 * schedule stood, kept until {@link #removeAt()} so that the same id defined again does not fire
 * those instants again. A marker is no timer: it fires nothing. Built by {@link
 * LiveTimer#deletionMarker}.
 *
 * @param removeAt epoch millis the marker is removed
 */
public record DeletionMarker(
    TimerDefinition definition, long anchor, long cursor, long lastOutcome, long removeAt)
    implements TimerState {
  public DeletionMarker {
    Objects.requireNonNull(definition, "definition");
  }

  /** A marker is always indexed: at its removal. */
  @Override
  public boolean indexed() {
    return true;
  }

  @Override
  public long indexedAt() {
    return removeAt;
  }
}

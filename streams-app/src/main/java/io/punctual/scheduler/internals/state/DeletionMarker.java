package io.punctual.scheduler.internals.state;

import io.punctual.TimerDefinition;
import java.util.Objects;

/**
 * What remains of a timer deleted after its schedule fired past the delete's timestamp: where the
 * schedule stood, kept until {@link #removeAt()} so that the same id defined again does not fire
 * those instants again. A marker is no timer: it fires nothing. Built by {@link
 * LiveTimer#deletionMarker}.
 */
public final class DeletionMarker implements TimerState {
  private final TimerDefinition definition;
  private final long anchor;
  private final long cursor;
  private final long lastOutcome;
  private final long removeAt;

  DeletionMarker(
      TimerDefinition definition, long anchor, long cursor, long lastOutcome, long removeAt) {
    this.definition = Objects.requireNonNull(definition, "definition");
    this.anchor = anchor;
    this.cursor = cursor;
    this.lastOutcome = lastOutcome;
    this.removeAt = removeAt;
  }

  @Override
  public TimerDefinition definition() {
    return definition;
  }

  @Override
  public long anchor() {
    return anchor;
  }

  @Override
  public long cursor() {
    return cursor;
  }

  @Override
  public long lastOutcome() {
    return lastOutcome;
  }

  /** Epoch millis the marker is removed. */
  public long removeAt() {
    return removeAt;
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

  @Override
  public boolean equals(Object other) {
    return other instanceof DeletionMarker that
        && anchor == that.anchor
        && cursor == that.cursor
        && lastOutcome == that.lastOutcome
        && removeAt == that.removeAt
        && definition.equals(that.definition);
  }

  @Override
  public int hashCode() {
    return Objects.hash(definition, anchor, cursor, lastOutcome, removeAt);
  }

  @Override
  public String toString() {
    return "DeletionMarker[removeAt="
        + removeAt
        + ", anchor="
        + anchor
        + ", cursor="
        + cursor
        + ", lastOutcome="
        + lastOutcome
        + ", definition="
        + definition
        + "]";
  }
}

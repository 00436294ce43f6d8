package io.punctual.executor.internal.action;

import io.punctual.executor.internal.Trigger;

/** Starts an attempt's action. */
@FunctionalInterface
public interface Actions {
  /** Starts attempt {@code attempt} of the trigger's invocation; a fault is its result. */
  ActionCall start(Trigger trigger, int attempt);
}

package io.punctual.executor.internal;

/** Something pending that can be called off: a timer, a queued start, a running action. */
@FunctionalInterface
public interface Cancellable {
  /** Calls it off; does nothing when it is over already. */
  void cancel();
}

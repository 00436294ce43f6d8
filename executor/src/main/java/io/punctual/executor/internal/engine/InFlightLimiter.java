package io.punctual.executor.internal.engine;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * At most {@code max} actions run at once; due starts beyond that wait, in order, for a slot. A
 * start runs holding a slot and must {@link #release()} it exactly once.
 */
final class InFlightLimiter {
  private final int max;
  private final Executor executor;
  private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
  private int running;

  InFlightLimiter(int max, Executor executor) {
    this.max = max;
    this.executor = executor;
  }

  /** Runs the start now if a slot is free, else queues it. */
  void submit(Runnable start) {
    synchronized (this) {
      if (running >= max) {
        waiting.add(start);
        return;
      }
      running++;
    }
    start.run();
  }

  /** Removes a queued start; false when it is no longer queued (it ran or is running). */
  synchronized boolean withdraw(Runnable start) {
    return waiting.remove(start);
  }

  /** Frees a slot, handing it to the next queued start if there is one. */
  void release() {
    Runnable next;
    synchronized (this) {
      next = waiting.poll();
      if (next == null) {
        running--;
      }
    }
    if (next != null) {
      executor.execute(next);
    }
  }

  /** Actions running now. */
  synchronized int inFlight() {
    return running;
  }
}

package io.punctual.connect;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for a condition in the tests, failing with what was awaited. */
final class Await {
  private Await() {}

  /** Returns once {@code condition} holds; fails naming {@code what} after {@code timeout}. */
  static void until(BooleanSupplier condition, Duration timeout, String what)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + timeout + ": " + what);
      }
      Thread.sleep(200);
    }
  }
}

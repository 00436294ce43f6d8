package io.punctual.executor.internal.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.executor.internal.Cancellable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HeldInvocationsTest {
  /** The system clock shifted by a settable amount, to make it jump back like a stepped clock. */
  private static final class ShiftedClock extends Clock {
    private volatile Duration shift = Duration.ZERO;

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Clock.systemUTC().instant().plus(shift);
    }
  }

  @Test
  void shouldNeverRunBeforeTheInstantOfItsClock() throws Exception {
    // Given a clock that will step back 250 ms after the timer is set
    ShiftedClock clock = new ShiftedClock();
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try {
      HeldInvocations held = new HeldInvocations(clock, timer, Runnable::run);
      Instant due = clock.instant().plusMillis(200);
      AtomicReference<Instant> ranAt = new AtomicReference<>();
      CountDownLatch ran = new CountDownLatch(1);

      // When one is due in 200 ms of that clock
      held.at(
          due,
          () -> {
            ranAt.set(clock.instant());
            ran.countDown();
          });
      clock.shift = Duration.ofMillis(-250);

      // Then it runs at or after the instant by that clock
      assertTrue(ran.await(5, TimeUnit.SECONDS));
      assertFalse(ranAt.get().isBefore(due), ranAt.get() + " before " + due);
    } finally {
      timer.shutdownNow();
    }
  }

  @Test
  void shouldNotRunACancelledTimer() throws Exception {
    // Given a held invocation
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try {
      HeldInvocations held =
          new HeldInvocations(Clock.system(ZoneOffset.UTC), timer, Runnable::run);
      CountDownLatch ran = new CountDownLatch(1);
      Cancellable pending = held.at(Instant.now().plusMillis(100), ran::countDown);

      // When it is cancelled; Then it never runs
      pending.cancel();
      assertFalse(ran.await(400, TimeUnit.MILLISECONDS));
    } finally {
      timer.shutdownNow();
    }
  }
}

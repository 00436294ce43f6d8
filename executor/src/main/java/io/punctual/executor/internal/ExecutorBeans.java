package io.punctual.executor.internal;

import io.micronaut.context.annotation.Factory;
import io.punctual.executor.ExecutorConfig;
import io.punctual.executor.ExecutorException;
import io.punctual.executor.internal.guard.TargetGuard;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The executor's plain beans: the clock (replace it in tests) and the target guard. */
@Factory
final class ExecutorBeans {
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }

  @Singleton
  TargetGuard targetGuard(ExecutorConfig config) {
    try {
      return new TargetGuard(
          config.getAllowTargets(), config.isAllowLoopback(), config.isAllowPrivate());
    } catch (IllegalArgumentException e) {
      throw new ExecutorException(
          "invalid configuration " + ExecutorConfig.PREFIX + ".allow-targets: " + e.getMessage(),
          e);
    }
  }
}

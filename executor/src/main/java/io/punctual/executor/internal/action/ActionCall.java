package io.punctual.executor.internal.action;

import io.punctual.executor.internal.Cancellable;
import java.util.concurrent.CompletableFuture;

/** A running action: its result, and a way to abort it. */
public interface ActionCall extends Cancellable {
  /** Completes once with the attempt's result; never exceptionally. */
  CompletableFuture<AttemptResult> result();

  /** An action that ended before it began. */
  static ActionCall finished(AttemptResult result) {
    CompletableFuture<AttemptResult> done = CompletableFuture.completedFuture(result);
    return new ActionCall() {
      @Override
      public CompletableFuture<AttemptResult> result() {
        return done;
      }

      @Override
      public void cancel() {}
    };
  }
}

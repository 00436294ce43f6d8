package io.punctual.cli.client;

import io.punctual.StatusEvent;

/** One status event as one human-readable line. */
public final class StatusLines {
  private StatusLines() {}

  /** {@code TYPE invocation attempt n lateness n ms http n (error)}, the parts that are set. */
  public static String of(StatusEvent event) {
    StringBuilder line =
        new StringBuilder(
            String.format(
                "%-15s %s",
                event.getType(),
                event.getInvocationId() == null ? event.getTimerId() : event.getInvocationId()));
    if (event.getAttempt() != null) {
      line.append(" attempt ").append(event.getAttempt());
    }
    if (event.getLatenessMillis() != null) {
      line.append(" lateness ").append(event.getLatenessMillis()).append(" ms");
    }
    if (event.getHttpStatus() != null) {
      line.append(" http ").append(event.getHttpStatus());
    }
    if (event.getError() != null) {
      line.append(" (").append(event.getError()).append(')');
    }
    return line.toString();
  }
}

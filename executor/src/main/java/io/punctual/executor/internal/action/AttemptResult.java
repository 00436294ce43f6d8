package io.punctual.executor.internal.action;

import io.punctual.StatusType;

/**
 * How one attempt ended.
 *
 * @param type SUCCEEDED, FAILED, TIMED_OUT, or CANCELLED (aborted by a cancel or a shutdown)
 * @param httpStatus the response status, or null
 * @param error what went wrong, or null
 * @param excerpt a bounded excerpt of the response body, or null
 * @param retryable whether another attempt may help (false for a refused target, a malformed
 *     target, or a client error)
 */
public record AttemptResult(
    StatusType type, Integer httpStatus, String error, String excerpt, boolean retryable) {

  /** A success. */
  public static AttemptResult succeeded(Integer httpStatus, String excerpt) {
    return new AttemptResult(StatusType.SUCCEEDED, httpStatus, null, excerpt, false);
  }

  /** A failure another attempt may cure. */
  public static AttemptResult failed(String error, Integer httpStatus, String excerpt) {
    return new AttemptResult(StatusType.FAILED, httpStatus, error, excerpt, true);
  }

  /** A failure no retry can cure. */
  public static AttemptResult refused(String error) {
    return new AttemptResult(StatusType.FAILED, null, error, null, false);
  }

  /** The action did not finish within its timeout. */
  public static AttemptResult timedOut(String error) {
    return new AttemptResult(StatusType.TIMED_OUT, null, error, null, true);
  }

  /** The action was aborted. */
  public static AttemptResult cancelled() {
    return new AttemptResult(StatusType.CANCELLED, null, "cancelled", null, false);
  }

  /** Whether the attempt succeeded. */
  public boolean succeeded() {
    return type == StatusType.SUCCEEDED;
  }
}

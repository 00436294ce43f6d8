package io.punctual.executor;

import io.punctual.PunctualException;

/** Something the executor cannot do: bad configuration, a refused target, a failed start. */
public class ExecutorException extends PunctualException {
  private static final long serialVersionUID = 1L;

  public ExecutorException(String message) {
    super(message);
  }

  public ExecutorException(String message, Throwable cause) {
    super(message, cause);
  }
}

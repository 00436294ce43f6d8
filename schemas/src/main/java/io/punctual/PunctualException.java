package io.punctual;

/** Root of every exception Punctual throws. Unchecked: callers decide where to handle it. */
public class PunctualException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PunctualException(String message) {
    super(message);
  }

  public PunctualException(String message, Throwable cause) {
    super(message, cause);
  }
}

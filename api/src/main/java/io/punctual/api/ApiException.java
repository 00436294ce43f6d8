package io.punctual.api;

import io.punctual.PunctualException;

/** The API could not start or is misconfigured; the message names the key or the cause. */
public class ApiException extends PunctualException {
  private static final long serialVersionUID = 1L;

  public ApiException(String message) {
    super(message);
  }

  public ApiException(String message, Throwable cause) {
    super(message, cause);
  }
}

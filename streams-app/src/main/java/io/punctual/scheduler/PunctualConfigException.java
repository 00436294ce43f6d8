package io.punctual.scheduler;

import io.punctual.PunctualException;

/** The scheduler cannot start with the settings or the cluster it was given. */
public class PunctualConfigException extends PunctualException {
  private static final long serialVersionUID = 1L;

  public PunctualConfigException(String message) {
    super(message);
  }

  public PunctualConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}

package io.punctual.cli.client;

import io.punctual.PunctualException;

/** A client command failed: the API refused or could not be reached. Exit code 1. */
public final class ClientException extends PunctualException {
  private static final long serialVersionUID = 1L;

  ClientException(String message) {
    super(message);
  }

  ClientException(String message, Throwable cause) {
    super(message, cause);
  }
}

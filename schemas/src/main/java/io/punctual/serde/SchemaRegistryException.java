package io.punctual.serde;

import io.punctual.PunctualException;

/**
 * The schema registry could not be reached or answered with an error: an infrastructure failure,
 * not a bad record. Retrying later may succeed.
 */
public class SchemaRegistryException extends PunctualException {
  private static final long serialVersionUID = 1L;

  public SchemaRegistryException(String message) {
    super(message);
  }

  public SchemaRegistryException(String message, Throwable cause) {
    super(message, cause);
  }
}

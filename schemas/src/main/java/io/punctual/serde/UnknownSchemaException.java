package io.punctual.serde;

import io.punctual.PunctualException;

/**
 * The schema registry does not know the schema asked for (an id it never issued, or a schema not
 * registered under a subject), or holds no usable Avro schema under that id. The registry works;
 * the record or the request is at fault.
 */
public class UnknownSchemaException extends PunctualException {
  private static final long serialVersionUID = 1L;

  public UnknownSchemaException(String message) {
    super(message);
  }

  public UnknownSchemaException(String message, Throwable cause) {
    super(message, cause);
  }
}

package io.punctual;

/**
 * A timer definition, or the bytes that should hold one, cannot be accepted. {@link #field()} names
 * the offending field as a dotted path ({@code schedule.timeZone}), or {@code "$"} when the record
 * as a whole is at fault (undecodable bytes, oversized record).
 */
public class InvalidTimerException extends PunctualException {
  private static final long serialVersionUID = 1L;

  /** Field path used when the problem is not about one field. */
  public static final String WHOLE_RECORD = "$";

  private final String field;

  public InvalidTimerException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  public InvalidTimerException(String field, String message, Throwable cause) {
    super(field + ": " + message, cause);
    this.field = field;
  }

  /** The offending field as a dotted path, or {@link #WHOLE_RECORD}. */
  public String field() {
    return field;
  }

  /** The message without the field prefix. */
  public String reason() {
    return getMessage().substring(field.length() + 2);
  }
}

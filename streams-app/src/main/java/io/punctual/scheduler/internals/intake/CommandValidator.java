package io.punctual.scheduler.internals.intake;

import io.punctual.CommandType;
import io.punctual.InvalidTimerException;
import io.punctual.TimerCommand;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Checks a command on its own: its type, ids, and for a backfill a closed past range. */
final class CommandValidator {
  /** Longest command id, in UTF-8 bytes: it becomes part of a manual invocation id. */
  static final int MAX_COMMAND_ID_BYTES = 128;

  private CommandValidator() {}

  /**
   * Validates a command received under {@code key} at processing time {@code now}.
   *
   * @throws InvalidTimerException naming the offending field
   */
  static void validate(String key, TimerCommand command, long now) {
    if (command.getType() == null || command.getType() == CommandType.UNKNOWN) {
      throw new InvalidTimerException(
          "type", "unknown command type; expected TRIGGER, BACKFILL, PAUSE or RESUME");
    }
    if (!key.equals(command.getTimerId())) {
      throw new InvalidTimerException(
          "timerId", "'" + command.getTimerId() + "' differs from the record key '" + key + "'");
    }
    validateCommandId(command.getCommandId());
    if (command.getType() == CommandType.BACKFILL) {
      validateRange(command.getFrom(), command.getTo(), now);
    }
  }

  private static void validateCommandId(String commandId) {
    if (commandId == null || commandId.isBlank()) {
      throw new InvalidTimerException("commandId", "must not be blank");
    }
    if (commandId.getBytes(StandardCharsets.UTF_8).length > MAX_COMMAND_ID_BYTES) {
      throw new InvalidTimerException(
          "commandId", "longer than " + MAX_COMMAND_ID_BYTES + " bytes");
    }
    for (int i = 0; i < commandId.length(); i++) {
      if (Character.isISOControl(commandId.charAt(i))) {
        throw new InvalidTimerException("commandId", "contains a control character at index " + i);
      }
    }
  }

  private static void validateRange(Instant from, Instant to, long now) {
    if (from == null) {
      throw new InvalidTimerException("from", "a backfill needs the start of its range");
    }
    if (to == null) {
      throw new InvalidTimerException("to", "a backfill needs the end of its range");
    }
    if (from.isAfter(to)) {
      throw new InvalidTimerException("from", from + " is after to " + to);
    }
    if (to.toEpochMilli() > now) {
      throw new InvalidTimerException(
          "to",
          to + " is in the future (now " + Instant.ofEpochMilli(now) + "): backfill the past");
    }
  }
}

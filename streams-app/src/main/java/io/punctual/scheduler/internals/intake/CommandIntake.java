package io.punctual.scheduler.internals.intake;

import io.punctual.InvalidTimerException;
import io.punctual.TimerCommand;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The rules of {@code punctual.commands}: a command (JSON or Confluent-framed Avro) valid by {@link
 * CommandValidator}; a tombstone is no command.
 */
public final class CommandIntake implements IntakeRules<TimerCommand> {
  private final Deserializer<TimerCommand> deserializer;

  public CommandIntake(Deserializer<TimerCommand> deserializer) {
    this.deserializer = deserializer;
  }

  @Override
  public TimerCommand decode(String topic, Headers headers, byte[] value) {
    if (value == null) {
      throw new InvalidTimerException(
          InvalidTimerException.WHOLE_RECORD, "a command cannot be null (a tombstone)");
    }
    return deserializer.deserialize(topic, headers, value);
  }

  @Override
  public TimerCommand admit(String timerId, TimerCommand command, long recordTimestamp, long now) {
    CommandValidator.validate(timerId, command, now);
    return command;
  }

  @Override
  public String namespace(TimerCommand command) {
    return null;
  }
}

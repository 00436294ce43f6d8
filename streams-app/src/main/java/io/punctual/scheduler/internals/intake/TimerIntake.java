package io.punctual.scheduler.internals.intake;

import io.punctual.InvalidTimerException;
import io.punctual.TimerDefinition;
import io.punctual.contract.DefinitionRules;
import io.punctual.contract.ReservedTopics;
import io.punctual.contract.SourceHeaders;
import io.punctual.scheduler.internals.NodeNames;
import io.punctual.scheduler.internals.scheduling.FiringPlans;
import io.punctual.scheduler.internals.state.LiveTimer;
import io.punctual.scheduler.internals.state.TimerState;
import io.punctual.serde.TimerDefinitions;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The rules of {@code punctual.timers}: a definition (JSON or Avro) valid by {@link
 * TimerValidator}, in its canonical form, that keeps the namespace of the timer it replaces and
 * that of its record's {@link SourceHeaders#NAMESPACE} header if it has one; or a tombstone, which
 * deletes the timer.
 */
public final class TimerIntake implements IntakeRules<TimerDefinition> {
  private final Deserializer<?> deserializer;
  private final TimerValidator validator;
  private KeyValueStore<String, TimerState> timers;

  public TimerIntake(Deserializer<?> deserializer, ReservedTopics reservedTopics) {
    this.deserializer = deserializer;
    this.validator = new TimerValidator(new FiringPlans(), reservedTopics);
  }

  @Override
  public void init(ProcessorContext<?, ?> context) {
    this.timers = context.getStateStore(NodeNames.TIMERS_STORE);
  }

  @Override
  public TimerDefinition decode(String topic, Headers headers, byte[] value) {
    if (value == null) {
      return null;
    }
    TimerDefinition definition =
        TimerDefinitions.coerce(deserializer.deserialize(topic, headers, value));
    SourceHeaders.checkNamespace(headers, definition.getNamespace());
    return definition;
  }

  @Override
  public TimerDefinition admit(
      String timerId, TimerDefinition definition, long recordTimestamp, long now) {
    if (definition == null) {
      return null;
    }
    validator.validate(timerId, definition, recordTimestamp);
    keepNamespace(timerId, definition);
    return DefinitionRules.canonical(timerId, definition);
  }

  @Override
  public String namespace(TimerDefinition definition) {
    return definition.getNamespace();
  }

  /** Refuses a definition that would move an existing timer to another namespace. */
  private void keepNamespace(String timerId, TimerDefinition definition) {
    if (timers.get(timerId) instanceof LiveTimer existing
        && !existing.definition().getNamespace().equals(definition.getNamespace())) {
      throw new InvalidTimerException(
          "namespace",
          "timer "
              + timerId
              + " exists in another namespace; a timer's namespace never changes (delete it"
              + " first)");
    }
  }
}

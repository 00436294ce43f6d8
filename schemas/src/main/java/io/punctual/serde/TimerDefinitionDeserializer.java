package io.punctual.serde;

import io.punctual.TimerDefinition;

/**
 * The default value deserializer of {@code punctual.timers}: a timer definition as JSON or as
 * Confluent-framed Avro. See {@link PunctualDeserializer}.
 */
public class TimerDefinitionDeserializer extends PunctualDeserializer<TimerDefinition> {
  /** A deserializer that reads Avro only if {@code configure} names a registry. */
  public TimerDefinitionDeserializer() {
    super(TimerDefinition.class);
  }

  /** A deserializer reading Avro through the given registry client. */
  public TimerDefinitionDeserializer(SchemaRegistryClient registry) {
    super(TimerDefinition.class, registry);
  }
}

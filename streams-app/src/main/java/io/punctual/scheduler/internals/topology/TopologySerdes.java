package io.punctual.scheduler.internals.topology;

import io.punctual.StatusEvent;
import io.punctual.TimerCommand;
import io.punctual.scheduler.SchedulerConfig;
import io.punctual.serde.ConfluentAvroSerializer;
import io.punctual.serde.JsonRecordSerializer;
import io.punctual.serde.PunctualDeserializer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Utils;

/** The serializers and deserializers of the topology's sources and sinks, made from settings. */
final class TopologySerdes {
  private TopologySerdes() {}

  /** The configured deserializer of timer definitions, configured for values. */
  static Deserializer<?> timersDeserializer(SchedulerConfig config) {
    Deserializer<?> deserializer =
        Utils.newInstance(
            config.getClass(SchedulerConfig.TIMERS_DESERIALIZER_CONFIG), Deserializer.class);
    deserializer.configure(config.serdeProperties(), false);
    return deserializer;
  }

  /** The deserializer of status events fed back from the status topic, configured for values. */
  static Deserializer<StatusEvent> statusDeserializer(SchedulerConfig config) {
    Deserializer<StatusEvent> deserializer = new PunctualDeserializer<>(StatusEvent.class);
    deserializer.configure(config.serdeProperties(), false);
    return deserializer;
  }

  /** The deserializer of commands, configured for values. */
  static Deserializer<TimerCommand> commandsDeserializer(SchedulerConfig config) {
    Deserializer<TimerCommand> deserializer = new PunctualDeserializer<>(TimerCommand.class);
    deserializer.configure(config.serdeProperties(), false);
    return deserializer;
  }

  /** The serializer of invocations and status events, configured for values. */
  static Serializer<Object> outputSerializer(SchedulerConfig config) {
    Class<?> configured = config.getClass(SchedulerConfig.OUTPUT_SERIALIZER_CONFIG);
    Serializer<?> serializer;
    if (configured != null) {
      serializer = Utils.newInstance(configured, Serializer.class);
    } else if (SchedulerConfig.OUTPUT_AVRO.equals(
        config.getString(SchedulerConfig.OUTPUT_FORMAT_CONFIG))) {
      serializer = new ConfluentAvroSerializer<SpecificRecord>();
    } else {
      serializer = new JsonRecordSerializer<SpecificRecord>();
    }
    serializer.configure(config.serdeProperties(), false);
    return new AnyValue(serializer);
  }

  /** Keys are timer ids, written as UTF-8. */
  static Serializer<Object> stringKeys() {
    return (topic, key) -> key == null ? null : ((String) key).getBytes(StandardCharsets.UTF_8);
  }

  /** Dead letters keep their original bytes. */
  static Serializer<Object> rawBytes() {
    return (topic, bytes) -> (byte[]) bytes;
  }

  /** Adapts a serializer of some type to the {@code Object} values a sink receives. */
  private static final class AnyValue implements Serializer<Object> {
    private final Serializer<?> delegate;

    AnyValue(Serializer<?> delegate) {
      this.delegate = delegate;
    }

    @Override
    @SuppressWarnings("unchecked")
    public byte[] serialize(String topic, Object data) {
      return ((Serializer<Object>) delegate).serialize(topic, data);
    }

    @Override
    @SuppressWarnings("unchecked")
    public byte[] serialize(String topic, Headers headers, Object data) {
      return ((Serializer<Object>) delegate).serialize(topic, headers, data);
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}

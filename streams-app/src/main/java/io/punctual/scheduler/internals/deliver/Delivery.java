package io.punctual.scheduler.internals.deliver;

import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.RecordContext;
import org.apache.kafka.streams.processor.TopicNameExtractor;

/**
 * A delayed record on its way to its destination: the deliveries sink writes {@link #value} to
 * {@link #destination}, with the record's key, headers and timestamp.
 */
public record Delivery(String destination, byte[] value) {
  /** The sink's topic: the record's destination. */
  public static TopicNameExtractor<byte[], Delivery> destinations() {
    return new Destinations();
  }

  /** Each record's destination; named in the topology's description. */
  private static final class Destinations implements TopicNameExtractor<byte[], Delivery> {
    @Override
    public String extract(byte[] key, Delivery delivery, RecordContext context) {
      return delivery.destination();
    }

    @Override
    public String toString() {
      return "each record's destination";
    }
  }

  /** The sink's value serializer: the value's bytes as they were produced. */
  public static Serializer<Delivery> values() {
    return (topic, delivery) -> delivery == null ? null : delivery.value();
  }
}

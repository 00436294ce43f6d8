package io.punctual.serde;

import io.punctual.InvalidTimerException;
import io.punctual.json.AvroJson;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a record written either as JSON (see {@link AvroJson}) or as Confluent-framed Avro, telling
 * them apart by the first byte: 0 is Avro, an opening brace (after whitespace) is JSON.
 *
 * <p>Avro needs {@value SerdeConfig#SCHEMA_REGISTRY_URL_CONFIG} (or a client given to the
 * constructor); JSON needs nothing. Every bad record, including Avro whose schema id the registry
 * does not know, throws {@link InvalidTimerException}; a registry that cannot be reached throws
 * {@link SchemaRegistryException}, which is not the record's fault.
 */
public class PunctualDeserializer<T extends SpecificRecord> implements Deserializer<T> {
  private final Class<T> type;
  private ConfluentAvroDeserializer<T> avro;

  /** A deserializer that reads Avro only if {@link #configure} names a registry. */
  public PunctualDeserializer(Class<T> type) {
    this.type = type;
  }

  /** A deserializer reading Avro through the given registry client. */
  public PunctualDeserializer(Class<T> type, SchemaRegistryClient registry) {
    this.type = type;
    this.avro = new ConfluentAvroDeserializer<>(type, registry);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    SerdeConfig config = new SerdeConfig(configs);
    if (avro == null && !config.registryUrls().isEmpty()) {
      avro = new ConfluentAvroDeserializer<>(type, config.newRegistryClient());
    }
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    switch (WireFormat.of(data)) {
      case CONFLUENT_AVRO:
        return fromAvro(topic, data);
      case JSON:
        return AvroJson.fromJson(data, type);
      default:
        throw new InvalidTimerException(
            InvalidTimerException.WHOLE_RECORD,
            "neither JSON nor Confluent-framed Avro: expected a JSON object or the magic byte 0,"
                + " got "
                + describeStart(data));
    }
  }

  private T fromAvro(String topic, byte[] data) {
    if (avro == null) {
      throw new InvalidTimerException(
          InvalidTimerException.WHOLE_RECORD,
          "the record is Confluent-framed Avro, but Avro needs a schema registry and no "
              + SerdeConfig.SCHEMA_REGISTRY_URL_CONFIG
              + " is configured; configure one or write JSON");
    }
    int id = ConfluentFraming.schemaId(data);
    try {
      return avro.deserialize(topic, data);
    } catch (UnknownSchemaException e) {
      throw new InvalidTimerException(
          InvalidTimerException.WHOLE_RECORD, "unknown schema id " + id + ": " + e.getMessage(), e);
    }
  }

  private static String describeStart(byte[] data) {
    if (data.length == 0) {
      return "an empty value";
    }
    return String.format("a value of %d bytes starting with 0x%02x", data.length, data[0] & 0xff);
  }
}

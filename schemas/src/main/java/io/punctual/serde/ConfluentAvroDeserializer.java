package io.punctual.serde;

import io.punctual.InvalidTimerException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Avro in the Confluent wire format into a generated record class. The writer's schema is
 * fetched by the id in the frame and resolved against the class's schema, so records written with
 * an older or newer compatible schema are read (an enum symbol unknown to the reader becomes {@code
 * UNKNOWN}).
 *
 * <p>Bytes that are not Confluent-framed, or hold truncated or corrupt Avro, throw {@link
 * InvalidTimerException} for field {@code $}; so does a string, bytes or collection longer than the
 * record could hold, before anything is allocated for it (see {@link BoundedBinaryDecoder}). An id
 * unknown to the registry throws {@link UnknownSchemaException}; a registry failure throws {@link
 * SchemaRegistryException}.
 */
public class ConfluentAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {
  private final Class<T> type;
  private final SpecificData model;
  private final Schema readerSchema;
  private final Map<Integer, DatumReader<T>> readersBySchemaId = new ConcurrentHashMap<>();
  private SchemaRegistryClient registry;

  /** A deserializer that takes its registry from {@link #configure}. */
  public ConfluentAvroDeserializer(Class<T> type) {
    this(type, null);
  }

  /** A deserializer using the given registry client. */
  public ConfluentAvroDeserializer(Class<T> type, SchemaRegistryClient registry) {
    this.type = type;
    this.model = SpecificData.getForClass(type);
    this.readerSchema = model.getSchema(type);
    this.registry = registry;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    if (registry == null) {
      registry = new SerdeConfig(configs).newRegistryClient();
    }
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    int id = ConfluentFraming.schemaId(data);
    DatumReader<T> reader = readerFor(id);
    int length = data.length - ConfluentFraming.HEADER_LENGTH;
    BoundedBinaryDecoder decoder =
        new BoundedBinaryDecoder(data, ConfluentFraming.HEADER_LENGTH, length);
    T record;
    try {
      record = reader.read(null, decoder);
    } catch (IOException | RuntimeException e) {
      throw undecodable(id, e.toString(), e);
    }
    if (!decoder.isEnd()) {
      throw undecodable(id, "unexpected bytes after the record", null);
    }
    return record;
  }

  private DatumReader<T> readerFor(int id) {
    DatumReader<T> reader = readersBySchemaId.get(id);
    if (reader == null) {
      if (registry == null) {
        throw new IllegalStateException(
            "no schema registry: call configure() with "
                + SerdeConfig.SCHEMA_REGISTRY_URL_CONFIG
                + " or pass a SchemaRegistryClient");
      }
      reader = new SpecificDatumReader<>(registry.getById(id), readerSchema, model);
      readersBySchemaId.put(id, reader);
    }
    return reader;
  }

  private InvalidTimerException undecodable(int id, String reason, Throwable cause) {
    return new InvalidTimerException(
        InvalidTimerException.WHOLE_RECORD,
        "cannot decode Avro of schema id " + id + " as " + type.getSimpleName() + ": " + reason,
        cause);
  }
}

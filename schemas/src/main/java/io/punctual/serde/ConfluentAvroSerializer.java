package io.punctual.serde;

import io.punctual.PunctualException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes records as Avro in the Confluent wire format, readable by any Confluent-compatible
 * deserializer. The schema is registered (or, with {@code auto.register.schemas=false}, looked up)
 * under the subject {@code <topic>-value}, or {@code <topic>-key} for keys (the TopicNameStrategy).
 *
 * <p>Configuration: {@value SerdeConfig#SCHEMA_REGISTRY_URL_CONFIG} (required unless a client is
 * given), {@value SerdeConfig#AUTO_REGISTER_SCHEMAS_CONFIG}, {@value
 * SerdeConfig#BASIC_AUTH_USER_INFO_CONFIG}.
 */
public class ConfluentAvroSerializer<T extends SpecificRecord> implements Serializer<T> {
  private final Map<Schema, DatumWriter<T>> writers = new ConcurrentHashMap<>();
  private SchemaRegistryClient registry;
  private boolean autoRegister = SerdeConfig.DEFAULT_AUTO_REGISTER_SCHEMAS;
  private boolean isKey;

  /** A serializer that takes its registry from {@link #configure}. */
  public ConfluentAvroSerializer() {}

  /** A serializer using the given registry client, registering schemas unless configured not to. */
  public ConfluentAvroSerializer(SchemaRegistryClient registry) {
    this.registry = registry;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    SerdeConfig config = new SerdeConfig(configs);
    this.isKey = isKey;
    this.autoRegister = config.autoRegisterSchemas();
    if (registry == null) {
      registry = config.newRegistryClient();
    }
  }

  @Override
  public byte[] serialize(String topic, T record) {
    if (record == null) {
      return null;
    }
    if (registry == null) {
      throw new IllegalStateException(
          "no schema registry: call configure() with "
              + SerdeConfig.SCHEMA_REGISTRY_URL_CONFIG
              + " or pass a SchemaRegistryClient");
    }
    Schema schema = record.getSchema();
    String subject = topic + (isKey ? "-key" : "-value");
    int id = autoRegister ? registry.register(subject, schema) : registry.getId(subject, schema);
    return encode(id, schema, record);
  }

  private byte[] encode(int id, Schema schema, T record) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(ConfluentFraming.header(id));
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
      writers.computeIfAbsent(schema, SpecificDatumWriter::new).write(record, encoder);
      encoder.flush();
      return out.toByteArray();
    } catch (IOException | RuntimeException e) {
      throw new PunctualException(
          "cannot encode a " + schema.getFullName() + " as Avro: " + e.getMessage(), e);
    }
  }
}

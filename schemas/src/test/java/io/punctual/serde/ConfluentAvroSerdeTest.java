package io.punctual.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.AtSchedule;
import io.punctual.HttpTarget;
import io.punctual.InvalidTimerException;
import io.punctual.MisfirePolicy;
import io.punctual.Samples;
import io.punctual.TimerDefinition;
import io.punctual.devkit.MiniSchemaRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ConfluentAvroSerdeTest {
  private static final String TOPIC = "serde-test";

  /** An older TimerDefinition: fewer fields, one schedule kind, a misfire symbol since removed. */
  private static final Schema OLD_TIMER =
      new Schema.Parser()
          .parse(
              """
              {"type": "record", "name": "TimerDefinition", "namespace": "io.punctual", "fields": [
                {"name": "schedule", "type": [{"type": "record", "name": "AtSchedule", "fields": [
                  {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}}]}]},
                {"name": "target", "type": [{"type": "record", "name": "HttpTarget", "fields": [
                  {"name": "url", "type": "string"}]}]},
                {"name": "misfire", "type": {"type": "enum", "name": "MisfirePolicy",
                  "symbols": ["UNKNOWN", "FIRE_ONCE", "FIRE_TWICE"], "default": "UNKNOWN"}}
              ]}
              """);

  private MiniSchemaRegistry registry;
  private RestSchemaRegistryClient client;

  @BeforeEach
  void startRegistry() {
    registry = MiniSchemaRegistry.start(0);
    client = new RestSchemaRegistryClient(registry.url());
  }

  @AfterEach
  void stopRegistry() {
    registry.close();
  }

  static Stream<SpecificRecord> records() {
    return Stream.of(
        Samples.cronTimer(),
        Samples.atTimer(),
        Samples.afterTimer(),
        Samples.everyTimer(),
        Samples.invocation(),
        Samples.statusEvent());
  }

  @ParameterizedTest
  @MethodSource("records")
  void shouldReadBackWhatItWritesThroughTheRegistry(SpecificRecord record) {
    // Given
    ConfluentAvroSerializer<SpecificRecord> serializer = new ConfluentAvroSerializer<>();
    serializer.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url()), false);
    ConfluentAvroDeserializer<? extends SpecificRecord> deserializer =
        new ConfluentAvroDeserializer<>(record.getClass());
    deserializer.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url()), false);

    // When
    byte[] bytes = serializer.serialize(TOPIC, record);
    SpecificRecord read = deserializer.deserialize(TOPIC, bytes);

    // Then
    assertEquals(0, bytes[0]);
    assertEquals(record, read);
  }

  @Test
  void shouldRegisterUnderTheTopicNameStrategySubjects() {
    // Given
    ConfluentAvroSerializer<TimerDefinition> values = new ConfluentAvroSerializer<>(client);
    ConfluentAvroSerializer<TimerDefinition> keys = new ConfluentAvroSerializer<>(client);
    keys.configure(Map.of(), true);

    // When
    byte[] value = values.serialize(TOPIC, Samples.atTimer());
    byte[] key = keys.serialize(TOPIC, Samples.atTimer());

    // Then
    RestSchemaRegistryClient fresh = new RestSchemaRegistryClient(registry.url());
    int id = fresh.getId(TOPIC + "-value", TimerDefinition.getClassSchema());
    assertEquals(id, fresh.getId(TOPIC + "-key", TimerDefinition.getClassSchema()));
    assertArrayEquals(ConfluentFraming.header(id), Arrays.copyOf(value, 5));
    assertArrayEquals(value, key);
  }

  @Test
  void shouldLookTheSchemaUpWhenAutoRegisterIsOff() {
    // Given
    ConfluentAvroSerializer<TimerDefinition> serializer = new ConfluentAvroSerializer<>();
    serializer.configure(
        Map.of(
            SerdeConfig.SCHEMA_REGISTRY_URL_CONFIG,
            registry.url(),
            SerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG,
            "false"),
        false);

    // When
    UnknownSchemaException notYet =
        assertThrows(
            UnknownSchemaException.class, () -> serializer.serialize(TOPIC, Samples.atTimer()));
    int id = client.register(TOPIC + "-value", TimerDefinition.getClassSchema());
    byte[] bytes = serializer.serialize(TOPIC, Samples.atTimer());

    // Then
    assertTrue(notYet.getMessage().contains(TOPIC + "-value"), notYet.getMessage());
    assertArrayEquals(ConfluentFraming.header(id), Arrays.copyOf(bytes, 5));
  }

  @Test
  void shouldRequireARegistryUrlToWriteAvro() {
    // Given
    ConfluentAvroSerializer<TimerDefinition> serializer = new ConfluentAvroSerializer<>();

    // When
    ConfigException e =
        assertThrows(ConfigException.class, () -> serializer.configure(Map.of(), false));

    // Then
    assertTrue(e.getMessage().contains("schema.registry.url"), e.getMessage());
  }

  @Test
  void shouldReadRecordsWrittenWithAnOlderSchema() {
    // Given
    int id = client.register(TOPIC + "-value", OLD_TIMER);
    GenericRecord old = new GenericData.Record(OLD_TIMER);
    GenericRecord at =
        new GenericData.Record(OLD_TIMER.getField("schedule").schema().getTypes().get(0));
    at.put("at", Samples.AT.toEpochMilli());
    GenericRecord http =
        new GenericData.Record(OLD_TIMER.getField("target").schema().getTypes().get(0));
    http.put("url", "https://x.example/");
    old.put("schedule", at);
    old.put("target", http);
    old.put(
        "misfire",
        new GenericData.EnumSymbol(OLD_TIMER.getField("misfire").schema(), "FIRE_TWICE"));

    // When
    TimerDefinition read =
        new ConfluentAvroDeserializer<>(TimerDefinition.class, client)
            .deserialize(TOPIC, AvroBytes.framed(id, old));

    // Then
    assertEquals(Samples.AT, ((AtSchedule) read.getSchedule()).getAt());
    assertEquals("https://x.example/", ((HttpTarget) read.getTarget()).getUrl());
    assertEquals("PT10S", ((HttpTarget) read.getTarget()).getTimeout());
    assertEquals(MisfirePolicy.UNKNOWN, read.getMisfire());
    assertEquals("default", read.getNamespace());
  }

  @Test
  void shouldReadRecordsWrittenWithANewerSchema() throws IOException {
    // Given a newer TimerDefinition with fields this reader does not know, first and last
    String current = TimerDefinition.getClassSchema().toString();
    int fieldsStart = current.indexOf("\"fields\":[") + "\"fields\":[".length();
    int fieldsEnd = current.lastIndexOf("]}");
    Schema newer =
        new Schema.Parser()
            .parse(
                current.substring(0, fieldsStart)
                    + "{\"name\": \"owner\", \"type\": \"string\", \"default\": \"\"},"
                    + current.substring(fieldsStart, fieldsEnd)
                    + ", {\"name\": \"tags\", \"type\": {\"type\": \"array\", \"items\":"
                    + " \"string\"}, \"default\": []}"
                    + current.substring(fieldsEnd));
    GenericRecord written =
        new GenericDatumReader<GenericRecord>(TimerDefinition.getClassSchema(), newer)
            .read(
                null,
                DecoderFactory.get().binaryDecoder(AvroBytes.encode(Samples.cronTimer()), null));
    written.put("owner", "billing-team");
    written.put("tags", List.of("a", "b"));
    int id = client.register(TOPIC + "-value", newer);

    // When
    TimerDefinition read =
        new ConfluentAvroDeserializer<>(TimerDefinition.class, client)
            .deserialize(TOPIC, AvroBytes.framed(id, written));

    // Then
    assertEquals(Samples.cronTimer(), read);
  }

  @Test
  void shouldRejectBytesThatAreNotWholeConfluentAvro() {
    // Given
    byte[] valid =
        new ConfluentAvroSerializer<TimerDefinition>(client).serialize(TOPIC, Samples.cronTimer());
    byte[] truncated = Arrays.copyOf(valid, valid.length - 3);
    byte[] padded = Arrays.copyOf(valid, valid.length + 2);
    byte[] text = "hello".getBytes(StandardCharsets.UTF_8);
    byte[] headerOnly = {0, 0, 0};
    ConfluentAvroDeserializer<TimerDefinition> deserializer =
        new ConfluentAvroDeserializer<>(TimerDefinition.class, client);

    for (byte[] bad : new byte[][] {truncated, padded, text, headerOnly}) {
      // When
      InvalidTimerException e =
          assertThrows(InvalidTimerException.class, () -> deserializer.deserialize(TOPIC, bad));

      // Then
      assertEquals("$", e.field());
    }
  }

  @Test
  void shouldReportAnIdTheRegistryNeverIssued() {
    // Given
    byte[] bytes = {0, 0, 0, 3, (byte) 0xE7, 2};

    // When
    UnknownSchemaException e =
        assertThrows(
            UnknownSchemaException.class,
            () ->
                new ConfluentAvroDeserializer<>(TimerDefinition.class, client)
                    .deserialize(TOPIC, bytes));

    // Then
    assertTrue(e.getMessage().contains("999"), e.getMessage());
  }

  @Test
  void shouldReportAnUnreachableRegistryAsARegistryFailure() {
    // Given
    registry.close();

    // When
    SchemaRegistryException e =
        assertThrows(SchemaRegistryException.class, () -> client.getById(1));

    // Then
    assertTrue(e.getMessage().contains("cannot be reached"), e.getMessage());
  }

  @Test
  void shouldTryTheNextUrlWhenOneCannotBeReached() {
    // Given
    MiniSchemaRegistry stopped = MiniSchemaRegistry.start(0);
    stopped.close();
    RestSchemaRegistryClient failover =
        new RestSchemaRegistryClient(stopped.url() + ", " + registry.url());

    // When
    int id = failover.register(TOPIC + "-value", TimerDefinition.getClassSchema());

    // Then
    assertEquals(TimerDefinition.getClassSchema(), client.getById(id));
  }

  @Test
  void shouldWriteNullForNull() {
    // Given
    ConfluentAvroSerializer<TimerDefinition> serializer = new ConfluentAvroSerializer<>(client);

    // When
    byte[] bytes = serializer.serialize(TOPIC, null);

    // Then
    assertNull(bytes);
  }
}

package io.punctual.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.InvalidTimerException;
import io.punctual.Invocation;
import io.punctual.Samples;
import io.punctual.StatusEvent;
import io.punctual.TimerDefinition;
import io.punctual.devkit.MiniSchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TimerDefinitionDeserializerTest {
  private static final String TOPIC = "punctual.timers";

  private MiniSchemaRegistry registry;
  private TimerDefinitionDeserializer deserializer;

  @BeforeEach
  void startRegistry() {
    registry = MiniSchemaRegistry.start(0);
    deserializer = new TimerDefinitionDeserializer();
    deserializer.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url()), false);
  }

  @AfterEach
  void stopRegistry() {
    registry.close();
  }

  @Test
  void shouldReadJson() {
    // Given
    byte[] json =
        (" \n" + new String(jsonOf(Samples.everyTimer()), StandardCharsets.UTF_8))
            .getBytes(StandardCharsets.UTF_8);

    // When
    TimerDefinition timer = deserializer.deserialize(TOPIC, json);

    // Then
    assertEquals(Samples.everyTimer(), timer);
  }

  @Test
  void shouldReadConfluentAvro() {
    // Given
    byte[] avro = avroOf(Samples.cronTimer());

    // When
    TimerDefinition timer = deserializer.deserialize(TOPIC, avro);

    // Then
    assertEquals(Samples.cronTimer(), timer);
  }

  @Test
  void shouldReadTombstonesAsNull() {
    // Given
    byte[] tombstone = null;

    // When
    TimerDefinition timer = deserializer.deserialize(TOPIC, tombstone);

    // Then
    assertNull(timer);
  }

  @Test
  void shouldRejectAvroWhenNoRegistryIsConfigured() {
    // Given
    TimerDefinitionDeserializer jsonOnly = new TimerDefinitionDeserializer();
    jsonOnly.configure(Map.of(), false);
    byte[] avro = avroOf(Samples.cronTimer());

    // When
    InvalidTimerException e =
        assertThrows(InvalidTimerException.class, () -> jsonOnly.deserialize(TOPIC, avro));

    // Then
    assertEquals("$", e.field());
    assertTrue(e.reason().contains("Avro needs a schema registry"), e.getMessage());
  }

  @Test
  void shouldRejectAnUnknownSchemaIdAsABadRecord() {
    // Given
    byte[] avro = {0, 0, 0, 0, 42, 2, 'x'};

    // When
    InvalidTimerException e =
        assertThrows(InvalidTimerException.class, () -> deserializer.deserialize(TOPIC, avro));

    // Then
    assertEquals("$", e.field());
    assertTrue(e.reason().contains("unknown schema id 42"), e.getMessage());
  }

  @Test
  void shouldReportAnUnreachableRegistryAsARegistryFailure() {
    // Given
    byte[] avro = avroOf(Samples.cronTimer());
    registry.close();

    // When
    SchemaRegistryException e =
        assertThrows(SchemaRegistryException.class, () -> deserializer.deserialize(TOPIC, avro));

    // Then
    assertTrue(e.getMessage().contains(registry.url()), e.getMessage());
  }

  @Test
  void shouldRejectBytesThatAreNeitherJsonNorAvro() {
    // Given
    byte[][] values = {
      "cron=* * * * *".getBytes(StandardCharsets.UTF_8), {}, " [1]".getBytes(StandardCharsets.UTF_8)
    };

    for (byte[] value : values) {
      // When
      InvalidTimerException e =
          assertThrows(InvalidTimerException.class, () -> deserializer.deserialize(TOPIC, value));

      // Then
      assertEquals("$", e.field());
      assertTrue(e.reason().startsWith("neither JSON nor Confluent-framed Avro"), e.getMessage());
    }
  }

  @Test
  void shouldRejectInvalidJsonNamingTheField() {
    // Given
    byte[] json =
        "{\"schedule\": {\"cron\": \"* * * * *\", \"timeZone\": 1}, \"target\": {\"http\": {}}}"
            .getBytes(StandardCharsets.UTF_8);

    // When
    InvalidTimerException e =
        assertThrows(InvalidTimerException.class, () -> deserializer.deserialize(TOPIC, json));

    // Then
    assertEquals("schedule.timeZone", e.field());
  }

  @Test
  void shouldReadInvocationsAndStatusEventsInEitherEncoding() {
    // Given
    RestSchemaRegistryClient client = new RestSchemaRegistryClient(registry.url());
    PunctualDeserializer<Invocation> invocations =
        new PunctualDeserializer<>(Invocation.class, client);
    PunctualDeserializer<StatusEvent> events = new PunctualDeserializer<>(StatusEvent.class);
    events.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url()), false);

    // When
    Invocation fromJson =
        invocations.deserialize("punctual.triggers", jsonOf(Samples.invocation()));
    Invocation fromAvro =
        invocations.deserialize("punctual.triggers", avroOf(Samples.invocation()));
    StatusEvent eventFromJson =
        events.deserialize("punctual.status", jsonOf(Samples.statusEvent()));
    StatusEvent eventFromAvro =
        events.deserialize("punctual.status", avroOf(Samples.statusEvent()));

    // Then
    assertEquals(Samples.invocation(), fromJson);
    assertEquals(Samples.invocation(), fromAvro);
    assertEquals(Samples.statusEvent(), eventFromJson);
    assertEquals(Samples.statusEvent(), eventFromAvro);
  }

  private static byte[] jsonOf(SpecificRecord record) {
    return new JsonRecordSerializer<>().serialize(TOPIC, record);
  }

  private byte[] avroOf(SpecificRecord record) {
    return new ConfluentAvroSerializer<>(new RestSchemaRegistryClient(registry.url()))
        .serialize(TOPIC, record);
  }
}

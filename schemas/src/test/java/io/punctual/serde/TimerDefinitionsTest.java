package io.punctual.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.InvalidTimerException;
import io.punctual.Samples;
import io.punctual.TimerDefinition;
import io.punctual.json.AvroJson;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;

class TimerDefinitionsTest {
  @Test
  void shouldReturnATimerDefinitionAsIs() {
    // Given
    TimerDefinition timer = Samples.cronTimer();

    // When
    TimerDefinition coerced = TimerDefinitions.coerce(timer);

    // Then
    assertSame(timer, coerced);
  }

  @Test
  void shouldReadAGenericRecordAsConfluentsDeserializerYieldsIt() {
    // Given a generic record with Utf8 strings and long timestamps, of a schema parsed anew
    String plainStrings =
        TimerDefinition.getClassSchema().toString().replace(",\"avro.java.string\":\"String\"", "");
    Schema schema = new Schema.Parser().parse(plainStrings);
    GenericRecord generic = AvroBytes.decodeGeneric(AvroBytes.encode(Samples.cronTimer()), schema);

    // When
    TimerDefinition coerced = TimerDefinitions.coerce(generic);

    // Then
    assertTrue(generic.get("jitter") instanceof Utf8);
    assertEquals(Samples.cronTimer(), coerced);
  }

  @Test
  void shouldReadJsonTextAndBytes() {
    // Given
    String json = AvroJson.toJson(Samples.afterTimer());

    // When
    TimerDefinition fromText = TimerDefinitions.coerce(json);
    TimerDefinition fromBytes = TimerDefinitions.coerce(json.getBytes(StandardCharsets.UTF_8));

    // Then
    assertEquals(Samples.afterTimer(), fromText);
    assertEquals(Samples.afterTimer(), fromBytes);
  }

  @Test
  void shouldRejectRecordsOfAnotherSchema() {
    // Given
    GenericRecord invocation = Samples.invocation();

    // When
    InvalidTimerException e =
        assertThrows(InvalidTimerException.class, () -> TimerDefinitions.coerce(invocation));

    // Then
    assertEquals("$", e.field());
    assertTrue(e.reason().contains("io.punctual.Invocation"), e.getMessage());
  }

  @Test
  void shouldRejectAnythingElse() {
    // Given
    Object[] values = {42, null, new StringBuilder("{}")};

    for (Object value : values) {
      // When
      InvalidTimerException e =
          assertThrows(InvalidTimerException.class, () -> TimerDefinitions.coerce(value));

      // Then
      assertEquals("$", e.field());
      assertTrue(e.reason().startsWith("cannot read a timer definition"), e.getMessage());
    }
  }
}

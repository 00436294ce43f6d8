package io.punctual.connect.ksql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.punctual.StatusEvent;
import io.punctual.StatusType;
import io.punctual.connect.transforms.DeadLetterRow;
import io.punctual.devkit.MiniSchemaRegistry;
import io.punctual.serde.ConfluentAvroSerializer;
import io.punctual.serde.JsonRecordSerializer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * What each ksqlDB statement of {@code connectors/ksql/} relies on, checked without ksqlDB (which
 * these machines cannot install): the topics and formats, the status value's subject in the
 * registry, the columns against the Avro schema and the JSON Punctual writes, the header names.
 */
class KsqlStatementsTest {
  static final Path DIR = Path.of("ksql");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Schema STATUS = StatusEvent.getClassSchema();
  private static final Set<String> TOPICS =
      Set.of("punctual.status", "punctual.dead-letters", "punctual.timers");

  @Test
  void shouldReadPunctualsTopicsAsTheyAreWrittenAndWriteOnlyUnderTheReservedPrefix()
      throws Exception {
    for (String file : List.of("punctual.sql", "status-json.sql", "create-timer.sql")) {
      for (KsqlStatements.Statement statement : KsqlStatements.read(DIR.resolve(file))) {
        if (!statement.startsWith("CREATE")) {
          continue;
        }
        Map<String, String> with = statement.with();
        String topic = with.get("KAFKA_TOPIC");
        if (statement.indexOf("AS") >= 0 && statement.indexOf("SELECT") >= 0) {
          // a persistent query's output: under punctual.ksql., where no timer may write
          assertTrue(topic.startsWith("punctual.ksql."), statement.name() + ": " + topic);
        } else {
          assertTrue(TOPICS.contains(topic), statement.name() + ": " + topic);
          // keys are the timer id (or the rejected record's key) as plain text
          assertEquals("KAFKA", with.get("KEY_FORMAT"), statement.name());
          assertEquals(
              "STRING",
              statement.columns().stream()
                  .filter(c -> c.role().equals("KEY"))
                  .findFirst()
                  .orElseThrow()
                  .type()
                  .name(),
              statement.name());
        }
      }
    }
  }

  @Test
  void shouldFindTheStatusSchemaUnderTheSubjectKsqlDbLooksUp() throws Exception {
    KsqlStatements.Statement avro = statement("punctual.sql", "punctual_status");
    assertEquals("AVRO", avro.with().get("VALUE_FORMAT"));
    assertEquals(List.of("KEY"), avro.columns().stream().map(KsqlStatements.Column::role).toList());
    try (MiniSchemaRegistry registry = MiniSchemaRegistry.start(0)) {
      // the serializer the scheduler and the executor write status events with
      ConfluentAvroSerializer<StatusEvent> serializer = new ConfluentAvroSerializer<>();
      serializer.configure(Map.of("schema.registry.url", registry.url()), false);
      serializer.serialize("punctual.status", sample());

      HttpResponse<String> latest =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              registry.url() + "/subjects/punctual.status-value/versions/latest"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(200, latest.statusCode(), latest.body());
      Schema registered =
          new Schema.Parser().parse(JSON.readTree(latest.body()).get("schema").asText());
      assertEquals(STATUS, registered);
    }
  }

  @Test
  void shouldUseOnlyFieldsOfTheStatusSchemaWithTheirTypes() throws Exception {
    Set<String> fields = new HashSet<>();
    STATUS.getFields().forEach(f -> fields.add(f.name()));
    Set<String> types = new HashSet<>(StatusType.getClassSchema().getEnumSymbols());
    int checked = 0;
    for (KsqlStatements.Statement statement : KsqlStatements.read(DIR.resolve("punctual.sql"))) {
      if (!statement.tokens().contains("punctual_status")) {
        continue;
      }
      for (int i = 0; i < statement.tokens().size(); i++) {
        String token = statement.tokens().get(i);
        if (token.startsWith("`")) {
          String name = KsqlStatements.identifier(token);
          boolean alias = i > 0 && statement.tokens().get(i - 1).equalsIgnoreCase("AS");
          assertTrue(alias || fields.contains(name), statement.name() + ": no field " + name);
          checked++;
        }
        // a literal compared with the type is one of its symbols
        if (token.startsWith("'")
            && statement.tokens().subList(Math.max(0, i - 6), i).contains("`type`")) {
          assertTrue(
              types.contains(KsqlStatements.unquote(token)), statement.name() + ": " + token);
        }
      }
      // numbers are compared and summed only where the schema has numbers
      for (String numeric : List.of("`latenessMillis`", "`attempt`")) {
        if (statement.tokens().contains(numeric)) {
          Schema.Type type =
              nonNull(STATUS.getField(KsqlStatements.identifier(numeric)).schema()).getType();
          assertTrue(type == Schema.Type.INT || type == Schema.Type.LONG, numeric);
        }
      }
    }
    assertTrue(checked > 20, "checked " + checked);
  }

  @Test
  void shouldDeclareTheJsonStatusStreamWithEveryFieldAsPunctualWritesIt() throws Exception {
    KsqlStatements.Statement json = statement("status-json.sql", "punctual_status_json");
    assertEquals("JSON", json.with().get("VALUE_FORMAT"));
    Map<String, String> declared = new LinkedHashMap<>();
    json.columns().stream()
        .filter(c -> c.role().equals("VALUE"))
        .forEach(c -> declared.put(c.name(), c.type().name()));
    Map<String, String> expected = new LinkedHashMap<>();
    for (Schema.Field field : STATUS.getFields()) {
      expected.put(field.name(), jsonType(nonNull(field.schema())));
    }
    assertEquals(expected, declared);
    // and a status event as Punctual writes it in JSON has those types
    JsonNode written =
        JSON.readTree(
            new JsonRecordSerializer<StatusEvent>().serialize("punctual.status", sample()));
    for (Map.Entry<String, String> column : declared.entrySet()) {
      JsonNode value = written.get(column.getKey());
      assertTrue(value != null, "sample lacks " + column.getKey());
      switch (column.getValue()) {
        case "STRING" -> assertTrue(value.isTextual(), column.getKey());
        case "INT", "BIGINT" -> assertTrue(value.isIntegralNumber(), column.getKey());
        default -> throw new AssertionError(column.getValue());
      }
    }
  }

  @Test
  void shouldReadTheDeadLettersHeadersPunctualWrites() throws Exception {
    Set<String> known = DeadLetterRow.COLUMN_HEADERS;
    List<KsqlStatements.Column> headers =
        statement("punctual.sql", "punctual_dead_letters_raw").columns().stream()
            .filter(c -> c.role().startsWith("HEADER:"))
            .toList();
    assertEquals(7, headers.size());
    for (KsqlStatements.Column header : headers) {
      assertTrue(known.contains(header.role().substring(7)), header.role());
      assertEquals("BYTES", header.type().name());
    }
  }

  @Test
  void shouldDeclareTheTimerStreamWithFieldsOfTheDefinition() throws Exception {
    KsqlStatements.Statement timers = statement("create-timer.sql", "punctual_timers");
    Schema definition = io.punctual.TimerDefinition.getClassSchema();
    for (KsqlStatements.Column column : timers.columns()) {
      if (column.role().equals("VALUE")) {
        assertFalse(definition.getField(column.name()) == null, column.name());
      }
    }
    assertEquals(2, KsqlTimers.inserts().size());
  }

  private static KsqlStatements.Statement statement(String file, String name) throws Exception {
    return KsqlStatements.read(DIR.resolve(file)).stream()
        .filter(s -> s.startsWith("CREATE") && s.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static String jsonType(Schema schema) {
    return switch (schema.getType()) {
      case STRING, ENUM -> "STRING";
      case INT -> "INT";
      case LONG ->
          schema.getLogicalType() instanceof LogicalTypes.TimestampMillis ? "STRING" : "BIGINT";
      default -> throw new AssertionError("no ksqlDB column for " + schema);
    };
  }

  static Schema nonNull(Schema schema) {
    if (schema.getType() != Schema.Type.UNION) {
      return schema;
    }
    return schema.getTypes().stream()
        .filter(t -> t.getType() != Schema.Type.NULL)
        .findFirst()
        .orElseThrow();
  }

  /** An event with every field set, so that its JSON has each. */
  static StatusEvent sample() {
    Instant at = Instant.parse("2026-03-08T07:00:00.123Z");
    return StatusEvent.newBuilder()
        .setType(StatusType.RETRY_SCHEDULED)
        .setTimerId("invoice-42")
        .setInvocationId("invoice-42@1")
        .setNamespace("billing")
        .setAttempt(2)
        .setAt(at)
        .setScheduledAt(at)
        .setStartedAt(at)
        .setFinishedAt(at)
        .setLatenessMillis(12L)
        .setHttpStatus(503)
        .setError("503")
        .setResponseExcerpt("busy")
        .setNextAttemptAt(at)
        .setInstance("executor-1")
        .setOrigin("punctual.timers-0@1")
        .build();
  }
}

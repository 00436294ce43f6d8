package io.punctual.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.punctual.InvalidTimerException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;

/** Reads a JSON tree into Avro data of a schema, naming the offending path on any mismatch. */
final class JsonToAvro {
  private static final String UNKNOWN_SYMBOL = "UNKNOWN";

  private final SpecificData model;

  JsonToAvro(SpecificData model) {
    this.model = model;
  }

  Object read(JsonNode node, Schema schema, String path) {
    switch (schema.getType()) {
      case RECORD:
        return readRecord(node, schema, path);
      case UNION:
        return readUnion(node, schema, path);
      case ENUM:
        return readEnum(node, schema, path);
      case MAP:
        return readMap(node, schema, path);
      case STRING:
        return readString(node, path);
      case BYTES:
        return readBytes(node, path);
      case INT:
        return readInt(node, path);
      case LONG:
        return schema.getLogicalType() instanceof LogicalTypes.TimestampMillis
            ? readInstant(node, path)
            : readLong(node, path);
      case DOUBLE:
        return readDouble(node, path);
      case BOOLEAN:
        if (!node.isBoolean()) {
          throw JsonErrors.wrongType(path, "true or false", node);
        }
        return node.booleanValue();
      default:
        throw new IllegalArgumentException("no JSON mapping for Avro type " + schema.getType());
    }
  }

  private IndexedRecord readRecord(JsonNode node, Schema schema, String path) {
    requireObject(node, path);
    rejectUnknownFields(node, schema, path);
    IndexedRecord record = (IndexedRecord) model.newRecord(null, schema);
    for (Schema.Field field : schema.getFields()) {
      JsonNode value = node.get(field.name());
      String fieldPath = JsonErrors.child(path, field.name());
      // an explicit null stands for an absent field (ksqlDB writes every column it declares)
      if (value != null && (!value.isNull() || field.schema().isNullable())) {
        record.put(field.pos(), read(value, field.schema(), fieldPath));
      } else if (field.hasDefaultValue()) {
        record.put(field.pos(), model.deepCopy(field.schema(), model.getDefaultValue(field)));
      } else {
        throw new InvalidTimerException(
            fieldPath, value == null ? "required field is missing" : "required field is null");
      }
    }
    return record;
  }

  private static void rejectUnknownFields(JsonNode node, Schema schema, String path) {
    for (Map.Entry<String, JsonNode> property : node.properties()) {
      String name = property.getKey();
      if (schema.getField(name) == null) {
        List<String> known = new ArrayList<>();
        schema.getFields().forEach(field -> known.add(field.name()));
        throw new InvalidTimerException(
            JsonErrors.child(path, name),
            "unknown field; expected one of " + String.join(", ", known));
      }
    }
  }

  private Object readUnion(JsonNode node, Schema union, String path) {
    List<Schema> branches = new ArrayList<>();
    for (Schema branch : union.getTypes()) {
      if (branch.getType() != Schema.Type.NULL) {
        branches.add(branch);
      }
    }
    if (node.isNull() && branches.size() < union.getTypes().size()) {
      return null;
    }
    if (branches.size() == 1) {
      return read(node, branches.get(0), path);
    }
    if (BytesText.isTextOrBytes(branches)) {
      return node.isTextual() ? node.textValue() : readBytes(node, path);
    }
    TaggedUnion tagged = TaggedUnion.of(union);
    if (tagged == null) {
      throw new IllegalArgumentException("no JSON mapping for union " + union);
    }
    return readTagged(node, tagged, path);
  }

  private Object readTagged(JsonNode given, TaggedUnion union, String path) {
    requireObject(given, path);
    // a null under a name of the union (a tag, a field of a branch) is an absent key: ksqlDB
    // writes every field of the struct it declares, null for those of the other branches
    ObjectNode node = (ObjectNode) given;
    if (node.properties().stream()
        .anyMatch(p -> p.getValue().isNull() && union.names().contains(p.getKey()))) {
      // a shallow copy without them: the values themselves are only read
      ObjectNode present = node.objectNode();
      node.properties().stream()
          .filter(p -> !p.getValue().isNull() || !union.names().contains(p.getKey()))
          .forEach(p -> present.set(p.getKey(), p.getValue()));
      node = present;
    }
    List<String> tags = new ArrayList<>();
    for (Map.Entry<String, JsonNode> property : node.properties()) {
      if (union.branchesByTag().containsKey(property.getKey())) {
        tags.add(property.getKey());
      }
    }
    if (tags.size() != 1) {
      throw new InvalidTimerException(
          path,
          "expected exactly one of "
              + union.tagList()
              + (tags.isEmpty() ? ", found none" : ", found " + String.join(", ", tags)));
    }
    String tag = tags.get(0);
    Schema branch = union.branchesByTag().get(tag);
    if (!TaggedUnion.isWrapped(branch)) {
      return readRecord(node, branch, path);
    }
    for (Map.Entry<String, JsonNode> property : node.properties()) {
      String name = property.getKey();
      if (!name.equals(tag)) {
        throw new InvalidTimerException(
            JsonErrors.child(path, name),
            "unknown field; '" + tag + "' must be the only key, one of " + union.tagList());
      }
    }
    return readRecord(node.get(tag), branch, JsonErrors.child(path, tag));
  }

  private Object readEnum(JsonNode node, Schema schema, String path) {
    List<String> allowed = new ArrayList<>(schema.getEnumSymbols());
    allowed.remove(UNKNOWN_SYMBOL);
    String expected = "one of " + String.join(", ", allowed);
    if (!node.isTextual()) {
      throw JsonErrors.wrongType(path, expected, node);
    }
    if (!allowed.contains(node.textValue())) {
      throw new InvalidTimerException(
          path, "unknown value " + JsonErrors.quote(node.textValue()) + ", expected " + expected);
    }
    return model.createEnum(node.textValue(), schema);
  }

  private Map<String, Object> readMap(JsonNode node, Schema schema, String path) {
    requireObject(node, path);
    Map<String, Object> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      String entryPath = JsonErrors.child(path, entry.getKey());
      map.put(entry.getKey(), read(entry.getValue(), schema.getValueType(), entryPath));
    }
    return map;
  }

  private static String readString(JsonNode node, String path) {
    if (!node.isTextual()) {
      throw JsonErrors.wrongType(path, "a string", node);
    }
    return node.textValue();
  }

  /** Bytes are written {@code {"base64": "<standard base64>"}}. */
  private static ByteBuffer readBytes(JsonNode node, String path) {
    JsonNode base64 = node.isObject() && node.size() == 1 ? node.get(BytesText.BASE64) : null;
    if (base64 == null || !base64.isTextual()) {
      throw JsonErrors.wrongType(
          path, "a string, or {\"" + BytesText.BASE64 + "\": \"...\"} for bytes", node);
    }
    try {
      return ByteBuffer.wrap(Base64.getDecoder().decode(base64.textValue()));
    } catch (IllegalArgumentException e) {
      throw new InvalidTimerException(
          JsonErrors.child(path, BytesText.BASE64), "not standard base64: " + e.getMessage());
    }
  }

  private static int readInt(JsonNode node, String path) {
    if (!node.isIntegralNumber()) {
      throw JsonErrors.wrongType(path, "an integer", node);
    }
    if (!node.canConvertToInt()) {
      throw new InvalidTimerException(path, node + " is out of range for a 32-bit integer");
    }
    return node.intValue();
  }

  private static long readLong(JsonNode node, String path) {
    if (!node.isIntegralNumber()) {
      throw JsonErrors.wrongType(path, "an integer", node);
    }
    if (!node.canConvertToLong()) {
      throw new InvalidTimerException(path, node + " is out of range for a 64-bit integer");
    }
    return node.longValue();
  }

  private static double readDouble(JsonNode node, String path) {
    if (!node.isNumber()) {
      throw JsonErrors.wrongType(path, "a number", node);
    }
    double value = node.doubleValue();
    if (!Double.isFinite(value)) {
      throw new InvalidTimerException(path, node + " is out of range for a double");
    }
    return value;
  }

  private static Instant readInstant(JsonNode node, String path) {
    Instant instant;
    if (node.isTextual()) {
      instant = parseInstant(node.textValue(), path);
    } else if (node.isIntegralNumber() && node.canConvertToLong()) {
      instant = Instant.ofEpochMilli(node.longValue());
    } else {
      throw JsonErrors.wrongType(
          path, "an ISO-8601 instant such as 2026-03-08T07:00:00Z, or epoch milliseconds", node);
    }
    return ceilToMillis(instant);
  }

  /**
   * Instants are kept in milliseconds; a finer one is rounded up, so that nothing scheduled from it
   * can fire before it.
   */
  private static Instant ceilToMillis(Instant instant) {
    Instant millis = instant.truncatedTo(ChronoUnit.MILLIS);
    return millis.equals(instant) ? instant : millis.plusMillis(1);
  }

  private static Instant parseInstant(String text, String path) {
    try {
      Instant instant = InstantText.parse(text);
      instant.toEpochMilli();
      return instant;
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new InvalidTimerException(
          path,
          "expected an ISO-8601 instant such as 2026-03-08T07:00:00Z or"
              + " 2026-03-08T08:00:00+01:00, got "
              + JsonErrors.quote(text));
    }
  }

  private static void requireObject(JsonNode node, String path) {
    if (!node.isObject()) {
      throw JsonErrors.wrongType(path, "an object", node);
    }
  }
}

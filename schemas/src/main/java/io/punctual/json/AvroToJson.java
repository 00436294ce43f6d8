package io.punctual.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * Writes Avro data as natural JSON: instants as ISO-8601 UTC text, tagged unions by their tag, and
 * optional fields left out when null.
 */
final class AvroToJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private AvroToJson() {}

  static JsonNode write(Object value, Schema schema) {
    if (value == null) {
      if (schema.isNullable()) {
        return NODES.nullNode();
      }
      throw new IllegalArgumentException("null value for non-optional " + schema);
    }
    switch (schema.getType()) {
      case RECORD:
        return writeRecord((IndexedRecord) value, schema);
      case UNION:
        return writeUnion(value, schema);
      case MAP:
        return writeMap((Map<?, ?>) value, schema);
      case ENUM:
      case STRING:
        return NODES.textNode(value.toString());
      case INT:
        return NODES.numberNode(((Number) value).intValue());
      case LONG:
        return schema.getLogicalType() instanceof LogicalTypes.TimestampMillis
            ? NODES.textNode(instantText(value))
            : NODES.numberNode(((Number) value).longValue());
      case DOUBLE:
        return NODES.numberNode(((Number) value).doubleValue());
      case BOOLEAN:
        return NODES.booleanNode((Boolean) value);
      default:
        throw new IllegalArgumentException("no JSON mapping for Avro type " + schema.getType());
    }
  }

  private static ObjectNode writeRecord(IndexedRecord record, Schema schema) {
    ObjectNode object = NODES.objectNode();
    for (Schema.Field field : schema.getFields()) {
      Object value = record.get(field.pos());
      if (value == null && field.defaultVal() == JsonProperties.NULL_VALUE) {
        continue;
      }
      object.set(field.name(), write(value, field.schema()));
    }
    return object;
  }

  private static JsonNode writeUnion(Object value, Schema union) {
    List<Schema> branches = new ArrayList<>();
    for (Schema branch : union.getTypes()) {
      if (branch.getType() != Schema.Type.NULL) {
        branches.add(branch);
      }
    }
    if (branches.size() == 1) {
      return write(value, branches.get(0));
    }
    if (TaggedUnion.of(union) == null) {
      throw new IllegalArgumentException("no JSON mapping for union " + union);
    }
    Schema branch = recordBranch(value, branches);
    JsonNode record = writeRecord((IndexedRecord) value, branch);
    return TaggedUnion.isWrapped(branch)
        ? NODES.objectNode().set(TaggedUnion.tagOf(branch), record)
        : record;
  }

  private static Schema recordBranch(Object value, List<Schema> branches) {
    if (value instanceof IndexedRecord) {
      String name = ((IndexedRecord) value).getSchema().getFullName();
      for (Schema branch : branches) {
        if (branch.getFullName().equals(name)) {
          return branch;
        }
      }
    }
    throw new IllegalArgumentException(
        "a " + value.getClass().getName() + " is not a branch of the union " + branches);
  }

  private static ObjectNode writeMap(Map<?, ?> map, Schema schema) {
    ObjectNode object = NODES.objectNode();
    map.forEach((key, entry) -> object.set(key.toString(), write(entry, schema.getValueType())));
    return object;
  }

  private static String instantText(Object value) {
    Instant instant =
        value instanceof Instant
            ? (Instant) value
            : Instant.ofEpochMilli(((Number) value).longValue());
    return instant.truncatedTo(ChronoUnit.MILLIS).toString();
  }
}

package io.punctual.json;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.common.utils.Utils;

/**
 * Writes Avro data as natural JSON, straight to a generator: instants as ISO-8601 UTC text, tagged
 * unions by their tag, and optional fields left out when null.
 */
final class AvroToJson {
  /**
   * The non-null branches of each union schema written so far, and whether they are tagged, by
   * schema instance: equal unions come as many instances (one per field), whose equality is deep
   * and allocates, and the instances are few (the generated classes' and the registry client's).
   */
  private static final Map<Schema, Union> UNIONS =
      Collections.synchronizedMap(new IdentityHashMap<>());

  /** Most union instances kept: past it, a union is looked at again each time it is written. */
  private static final int MOST_UNIONS_KEPT = 4096;

  private record Union(List<Schema> branches, boolean tagged) {}

  private AvroToJson() {}

  static void write(JsonGenerator out, Object value, Schema schema) throws IOException {
    if (value == null) {
      if (schema.isNullable()) {
        out.writeNull();
        return;
      }
      throw new IllegalArgumentException("null value for non-optional " + schema);
    }
    switch (schema.getType()) {
      case RECORD -> writeRecord(out, (IndexedRecord) value, schema);
      case UNION -> writeUnion(out, value, schema);
      case MAP -> writeMap(out, (Map<?, ?>) value, schema);
      case ENUM, STRING -> out.writeString(value.toString());
      case BYTES -> writeBytes(out, (ByteBuffer) value);
      case INT -> out.writeNumber(((Number) value).intValue());
      case LONG -> {
        if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
          out.writeString(instantText(value));
        } else {
          out.writeNumber(((Number) value).longValue());
        }
      }
      case DOUBLE -> out.writeNumber(((Number) value).doubleValue());
      case BOOLEAN -> out.writeBoolean((Boolean) value);
      default ->
          throw new IllegalArgumentException("no JSON mapping for Avro type " + schema.getType());
    }
  }

  private static void writeRecord(JsonGenerator out, IndexedRecord record, Schema schema)
      throws IOException {
    out.writeStartObject();
    for (Schema.Field field : schema.getFields()) {
      Object value = record.get(field.pos());
      if (value == null && field.defaultVal() == JsonProperties.NULL_VALUE) {
        continue;
      }
      out.writeFieldName(field.name());
      write(out, value, field.schema());
    }
    out.writeEndObject();
  }

  private static void writeUnion(JsonGenerator out, Object value, Schema schema)
      throws IOException {
    List<Schema> types = schema.getTypes();
    if (types.size() == 2 && types.get(0).getType() == Schema.Type.NULL) {
      write(out, value, types.get(1));
      return;
    }
    Union union = unionOf(schema);
    if (union.branches().size() == 1) {
      write(out, value, union.branches().get(0));
      return;
    }
    if (BytesText.isTextOrBytes(union.branches())) {
      if (value instanceof ByteBuffer bytes) {
        writeBytes(out, bytes);
      } else {
        out.writeString(value.toString());
      }
      return;
    }
    if (!union.tagged()) {
      throw new IllegalArgumentException("no JSON mapping for union " + schema);
    }
    Schema branch = recordBranch(value, union.branches());
    if (TaggedUnion.isWrapped(branch)) {
      out.writeStartObject();
      out.writeFieldName(TaggedUnion.tagOf(branch));
      writeRecord(out, (IndexedRecord) value, branch);
      out.writeEndObject();
    } else {
      writeRecord(out, (IndexedRecord) value, branch);
    }
  }

  private static Union unionOf(Schema schema) {
    Union union = UNIONS.get(schema);
    if (union == null) {
      union = union(schema);
      if (UNIONS.size() < MOST_UNIONS_KEPT) {
        UNIONS.put(schema, union);
      }
    }
    return union;
  }

  private static Union union(Schema schema) {
    List<Schema> branches = new ArrayList<>();
    for (Schema branch : schema.getTypes()) {
      if (branch.getType() != Schema.Type.NULL) {
        branches.add(branch);
      }
    }
    return new Union(List.copyOf(branches), TaggedUnion.of(schema) != null);
  }

  private static Schema recordBranch(Object value, List<Schema> branches) {
    if (value instanceof IndexedRecord) {
      Schema actual = ((IndexedRecord) value).getSchema();
      for (Schema branch : branches) {
        if (branch == actual || branch.getFullName().equals(actual.getFullName())) {
          return branch;
        }
      }
    }
    throw new IllegalArgumentException(
        "a " + value.getClass().getName() + " is not a branch of the union " + branches);
  }

  private static void writeBytes(JsonGenerator out, ByteBuffer bytes) throws IOException {
    out.writeStartObject();
    out.writeStringField(
        BytesText.BASE64, Base64.getEncoder().encodeToString(Utils.toArray(bytes)));
    out.writeEndObject();
  }

  private static void writeMap(JsonGenerator out, Map<?, ?> map, Schema schema) throws IOException {
    out.writeStartObject();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      out.writeFieldName(entry.getKey().toString());
      write(out, entry.getValue(), schema.getValueType());
    }
    out.writeEndObject();
  }

  private static String instantText(Object value) {
    if (value instanceof Instant instant) {
      return InstantText.format(instant.toEpochMilli());
    }
    return InstantText.format(((Number) value).longValue());
  }
}

package io.punctual.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.punctual.InvalidTimerException;
import java.io.IOException;
import java.io.StringWriter;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The natural JSON form of Punctual's Avro records, as documented in DESIGN.md, driven by the
 * schemas.
 *
 * <ul>
 *   <li>A record is a JSON object; fields with a default may be left out, or given as null (as
 *       ksqlDB writes the columns a statement leaves unset); unknown fields are rejected.
 *   <li>An optional field ({@code ["null", T]}) is null or absent; {@link #toJson} leaves it out.
 *   <li>A {@code timestamp-millis} is an ISO-8601 instant ({@code "2026-03-08T07:00:00Z"}, an
 *       offset is accepted on input) or, on input, an integer of epoch milliseconds.
 *   <li>An enum is its symbol; {@code UNKNOWN} is never accepted.
 *   <li>A union of records is told apart by the {@code jsonTag} of its branches: {@code {"cron": "0
 *       9 * * *", "timeZone": "Europe/Paris"}} is the cron branch; a branch marked {@code
 *       jsonWrapped} nests under its tag: {@code {"http": {"url": "..."}}}.
 * </ul>
 *
 * <p>Input is bounded: nesting deeper than {@value #MAX_NESTING_DEPTH} levels, strings longer than
 * {@value #MAX_STRING_LENGTH} characters and documents longer than {@value #MAX_DOCUMENT_LENGTH}
 * bytes are rejected. Every input error is an {@link InvalidTimerException} naming the offending
 * field as a dotted path ({@code target.http.url}), or {@code $} for the whole document.
 */
public final class AvroJson {
  /** Deepest nesting of objects and arrays accepted. */
  public static final int MAX_NESTING_DEPTH = 64;

  /** Longest string value accepted, in characters. */
  public static final int MAX_STRING_LENGTH = 1 << 20;

  /** Longest field name or map key accepted, in characters. */
  public static final int MAX_NAME_LENGTH = 1024;

  /** Longest document accepted, in bytes or characters. */
  public static final long MAX_DOCUMENT_LENGTH = 4L << 20;

  private static final ObjectMapper MAPPER =
      new ObjectMapper(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(MAX_NESTING_DEPTH)
                          .maxStringLength(MAX_STRING_LENGTH)
                          .maxNameLength(MAX_NAME_LENGTH)
                          .maxDocumentLength(MAX_DOCUMENT_LENGTH)
                          .maxNumberLength(100)
                          .build())
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private AvroJson() {}

  /**
   * Reads a record of {@code type} from its JSON form.
   *
   * @throws InvalidTimerException when the text is not valid JSON or does not match the schema
   */
  public static <T extends SpecificRecord> T fromJson(String json, Class<T> type) {
    try {
      return fromTree(MAPPER.readTree(json), type);
    } catch (JsonProcessingException e) {
      throw syntaxError(e);
    }
  }

  /**
   * Reads a record of {@code type} from its JSON form encoded in UTF-8.
   *
   * @throws InvalidTimerException when the bytes are not valid JSON or do not match the schema
   */
  public static <T extends SpecificRecord> T fromJson(byte[] json, Class<T> type) {
    try {
      return fromTree(MAPPER.readTree(json), type);
    } catch (JsonProcessingException e) {
      throw syntaxError(e);
    } catch (IOException e) {
      throw new InvalidTimerException(InvalidTimerException.WHOLE_RECORD, "unreadable JSON", e);
    }
  }

  /** Writes a record in its JSON form: instants in UTC, null optional fields left out. */
  public static String toJson(SpecificRecord record) {
    StringWriter text = new StringWriter();
    try (JsonGenerator out = MAPPER.getFactory().createGenerator(text)) {
      AvroToJson.write(out, record, record.getSchema());
    } catch (IOException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
    return text.toString();
  }

  /** The same, encoded in UTF-8. */
  public static byte[] toJsonBytes(SpecificRecord record) {
    ByteArrayBuilder bytes = new ByteArrayBuilder(256);
    try (JsonGenerator out = MAPPER.getFactory().createGenerator(bytes, JsonEncoding.UTF8)) {
      AvroToJson.write(out, record, record.getSchema());
    } catch (IOException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
    return bytes.toByteArray();
  }

  private static <T extends SpecificRecord> T fromTree(JsonNode tree, Class<T> type) {
    if (tree == null || tree.isMissingNode()) {
      throw new InvalidTimerException(InvalidTimerException.WHOLE_RECORD, "empty document");
    }
    SpecificData model = SpecificData.getForClass(type);
    Schema schema = model.getSchema(type);
    return type.cast(new JsonToAvro(model).read(tree, schema, InvalidTimerException.WHOLE_RECORD));
  }

  private static InvalidTimerException syntaxError(JsonProcessingException e) {
    JsonLocation location = e.getLocation();
    String where =
        location == null
            ? ""
            : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    return new InvalidTimerException(
        InvalidTimerException.WHOLE_RECORD,
        "invalid JSON" + where + ": " + e.getOriginalMessage(),
        e);
  }
}

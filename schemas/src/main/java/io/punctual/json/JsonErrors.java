package io.punctual.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.punctual.InvalidTimerException;
import java.util.Locale;

/** Paths and messages of the errors the JSON mapping reports. */
final class JsonErrors {
  private static final int MAX_QUOTED_LENGTH = 80;

  private JsonErrors() {}

  /** The path of a child: {@code schedule} + {@code timeZone} gives {@code schedule.timeZone}. */
  static String child(String path, String name) {
    return InvalidTimerException.WHOLE_RECORD.equals(path) ? name : path + "." + name;
  }

  static InvalidTimerException wrongType(String path, String expected, JsonNode actual) {
    return new InvalidTimerException(path, "expected " + expected + ", got " + describe(actual));
  }

  /** A value quoted for a message, shortened when long. */
  static String quote(String value) {
    return value.length() <= MAX_QUOTED_LENGTH
        ? "'" + value + "'"
        : "'" + value.substring(0, MAX_QUOTED_LENGTH) + "...' (" + value.length() + " chars)";
  }

  private static String describe(JsonNode node) {
    switch (node.getNodeType()) {
      case OBJECT:
        return "an object";
      case ARRAY:
        return "an array";
      case STRING:
        return "the string " + quote(node.textValue());
      case NUMBER:
        return "the number " + node;
      case BOOLEAN:
        return node.toString();
      case NULL:
        return "null";
      default:
        return node.getNodeType().toString().toLowerCase(Locale.ROOT);
    }
  }
}

package io.punctual.cli.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.punctual.api.TargetRedaction;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** What the client commands print: indented JSON, or a table with aligned columns. */
final class Output {
  private Output() {}

  /**
   * Prints an answer of the API as indented JSON, the credential-looking target header values
   * redacted even if the API did not redact them (an older instance).
   */
  static void json(PrintWriter out, JsonNode node) {
    try {
      out.println(
          ApiClient.JSON
              .writerWithDefaultPrettyPrinter()
              .writeValueAsString(TargetRedaction.redact(node.deepCopy())));
    } catch (JsonProcessingException e) {
      throw new ClientException("cannot print the answer: " + e.getMessage(), e);
    }
  }

  /** The text of a field, "-" when absent or null. */
  static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isMissingNode() || value.isNull() ? "-" : value.asText();
  }

  /** A table: the header row, then one row per entry, columns padded to their widest cell. */
  static void table(PrintWriter out, List<String> header, List<List<String>> rows) {
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    int[] widths = new int[header.size()];
    for (List<String> row : all) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    for (List<String> row : all) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        line.append(i == row.size() - 1 ? row.get(i) : pad(row.get(i), widths[i] + 2));
      }
      out.println(line);
    }
  }

  private static String pad(String cell, int width) {
    return cell + " ".repeat(width - cell.length());
  }
}

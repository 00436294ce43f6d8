package io.punctual.connect.ksql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Just enough of ksqlDB's grammar to check Punctual's statements without a ksqlDB server: splits a
 * file into statements and reads the column lists of {@code CREATE STREAM}, the {@code WITH}
 * properties and the values of {@code INSERT INTO ... VALUES}. Backticked identifiers keep their
 * case; others are upper-cased, as ksqlDB does.
 */
final class KsqlStatements {
  private KsqlStatements() {}

  /** A statement: its tokens, from its first word to the token before its semicolon. */
  record Statement(List<String> tokens) {
    boolean startsWith(String... words) {
      for (int i = 0; i < words.length; i++) {
        if (i >= tokens.size() || !tokens.get(i).equalsIgnoreCase(words[i])) {
          return false;
        }
      }
      return true;
    }

    /** The name after CREATE STREAM/TABLE [IF NOT EXISTS] or INSERT INTO. */
    String name() {
      int i = 2;
      if (tokens.get(i).equalsIgnoreCase("IF")) {
        i += 3;
      }
      return tokens.get(i).toLowerCase(Locale.ROOT);
    }

    /** The properties of its first WITH clause, keys upper-cased, values unquoted. */
    Map<String, String> with() {
      Map<String, String> properties = new LinkedHashMap<>();
      int at = indexOf("WITH");
      if (at < 0) {
        return properties;
      }
      int end = closing(tokens, at + 1);
      for (int i = at + 2; i < end; i += 4) {
        properties.put(tokens.get(i).toUpperCase(Locale.ROOT), unquote(tokens.get(i + 2)));
      }
      return properties;
    }

    /** The declared columns of a CREATE STREAM/TABLE, in order. */
    List<Column> columns() {
      int open = tokens.indexOf("(");
      if (open < 0 || open > indexOfOr("WITH", tokens.size())) {
        return List.of();
      }
      List<Column> columns = new ArrayList<>();
      int end = closing(tokens, open);
      int i = open + 1;
      while (i < end) {
        String name = identifier(tokens.get(i));
        int[] next = {i + 1};
        Type type = Type.parse(tokens, next);
        String role = "VALUE";
        if (next[0] < end && tokens.get(next[0]).equalsIgnoreCase("KEY")) {
          role = "KEY";
          next[0]++;
        } else if (next[0] < end && tokens.get(next[0]).equalsIgnoreCase("HEADER")) {
          role = "HEADER:" + unquote(tokens.get(next[0] + 2));
          next[0] += 4;
        }
        columns.add(new Column(name, type, role));
        i = next[0] + 1;
      }
      return columns;
    }

    /** For INSERT INTO name (columns) VALUES (values): each column and its value. */
    Map<String, Object> insertedValues() {
      int open = tokens.indexOf("(");
      int end = closing(tokens, open);
      List<String> names = new ArrayList<>();
      for (int i = open + 1; i < end; i += 2) {
        names.add(identifier(tokens.get(i)));
      }
      int values = end + 2;
      int[] at = {values + 1};
      Map<String, Object> inserted = new LinkedHashMap<>();
      for (String name : names) {
        inserted.put(name, Value.parse(tokens, at));
        at[0]++;
      }
      return inserted;
    }

    int indexOf(String word) {
      return indexOfOr(word, -1);
    }

    private int indexOfOr(String word, int otherwise) {
      for (int i = 0; i < tokens.size(); i++) {
        if (tokens.get(i).equalsIgnoreCase(word)) {
          return i;
        }
      }
      return otherwise;
    }
  }

  /** A column: its name, type and whether it is the key, a header or a value. */
  record Column(String name, Type type, String role) {}

  /** A ksqlDB type: a name, and the fields of a STRUCT or the value type of a MAP. */
  record Type(String name, Map<String, Type> fields, Type values) {
    static Type parse(List<String> tokens, int[] at) {
      String name = tokens.get(at[0]++).toUpperCase(Locale.ROOT);
      if (name.equals("STRUCT")) {
        Map<String, Type> fields = new LinkedHashMap<>();
        at[0]++; // <
        while (!tokens.get(at[0]).equals(">")) {
          String field = identifier(tokens.get(at[0]++));
          fields.put(field, parse(tokens, at));
          if (tokens.get(at[0]).equals(",")) {
            at[0]++;
          }
        }
        at[0]++;
        return new Type(name, fields, null);
      }
      if (name.equals("MAP")) {
        at[0]++; // <
        parse(tokens, at);
        at[0]++; // ,
        Type values = parse(tokens, at);
        at[0]++; // >
        return new Type(name, Map.of(), values);
      }
      return new Type(name, Map.of(), null);
    }
  }

  /** Values of an INSERT, as JSON-like Java values: String, Long, Boolean, null, Map. */
  static final class Value {
    private Value() {}

    static Object parse(List<String> tokens, int[] at) {
      String token = tokens.get(at[0]);
      if (token.startsWith("'")) {
        at[0]++;
        return unquote(token);
      }
      if (token.equalsIgnoreCase("NULL")) {
        at[0]++;
        return null;
      }
      if (token.equalsIgnoreCase("TRUE") || token.equalsIgnoreCase("FALSE")) {
        at[0]++;
        return Boolean.valueOf(token);
      }
      if (token.matches("-?[0-9]+")) {
        at[0]++;
        return Long.valueOf(token);
      }
      if (token.equalsIgnoreCase("CAST")) {
        at[0] += 2; // CAST (
        Object value = parse(tokens, at);
        at[0]++; // AS
        Type.parse(tokens, at);
        at[0]++; // )
        return value;
      }
      if (token.equalsIgnoreCase("STRUCT") || token.equalsIgnoreCase("MAP")) {
        boolean struct = token.equalsIgnoreCase("STRUCT");
        at[0] += 2; // STRUCT (
        Map<String, Object> entries = new LinkedHashMap<>();
        while (!tokens.get(at[0]).equals(")")) {
          String key = tokens.get(at[0]++);
          key = struct ? identifier(key) : unquote(key);
          at[0]++; // :=
          entries.put(key, parse(tokens, at));
          if (tokens.get(at[0]).equals(",")) {
            at[0]++;
          }
        }
        at[0]++;
        return entries;
      }
      throw new IllegalArgumentException("no value at " + token);
    }
  }

  /** The statements of a file, comments removed. */
  static List<Statement> read(Path file) throws IOException {
    List<Statement> statements = new ArrayList<>();
    List<String> tokens = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (String line : Files.readAllLines(file)) {
      text.append(line.trim().startsWith("--") ? "" : line).append('\n');
    }
    for (String token : tokenize(text.toString())) {
      if (token.equals(";")) {
        statements.add(new Statement(List.copyOf(tokens)));
        tokens.clear();
      } else {
        tokens.add(token);
      }
    }
    return statements;
  }

  static List<String> tokenize(String text) {
    List<String> tokens = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '\'') {
        int end = i + 1;
        while (true) {
          if (text.charAt(end) == '\'' && end + 1 < text.length() && text.charAt(end + 1) == '\'') {
            end += 2;
          } else if (text.charAt(end) == '\'') {
            break;
          } else {
            end++;
          }
        }
        tokens.add(text.substring(i, end + 1));
        i = end + 1;
      } else if (c == '`') {
        int end = text.indexOf('`', i + 1);
        tokens.add(text.substring(i, end + 1));
        i = end + 1;
      } else if (text.startsWith(":=", i)) {
        tokens.add(":=");
        i += 2;
      } else if ("(),<>;=*".indexOf(c) >= 0) {
        tokens.add(String.valueOf(c));
        i++;
      } else {
        int end = i;
        while (end < text.length()
            && (Character.isLetterOrDigit(text.charAt(end))
                || text.charAt(end) == '_'
                || text.charAt(end) == '.'
                || text.charAt(end) == '-')) {
          end++;
        }
        if (end == i) {
          end++;
        }
        tokens.add(text.substring(i, end));
        i = end;
      }
    }
    return tokens;
  }

  /** A backticked identifier as written; any other upper-cased. */
  static String identifier(String token) {
    return token.startsWith("`")
        ? token.substring(1, token.length() - 1)
        : token.toUpperCase(Locale.ROOT);
  }

  static String unquote(String token) {
    return token.startsWith("'")
        ? token.substring(1, token.length() - 1).replace("''", "'")
        : token;
  }

  /** The index of the parenthesis closing the one at {@code open}. */
  static int closing(List<String> tokens, int open) {
    int depth = 0;
    for (int i = open; i < tokens.size(); i++) {
      if (tokens.get(i).equals("(")) {
        depth++;
      } else if (tokens.get(i).equals(")") && --depth == 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("unbalanced parentheses");
  }
}

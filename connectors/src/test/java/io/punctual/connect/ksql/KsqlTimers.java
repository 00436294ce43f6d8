package io.punctual.connect.ksql;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The timers {@code connectors/ksql/create-timer.sql} inserts, as ksqlDB writes them: the key
 * column as the record key, a JSON object with every declared value column (and every field of a
 * declared STRUCT), null where the INSERT sets none.
 */
public final class KsqlTimers {
  private static final ObjectMapper JSON = new ObjectMapper();

  private KsqlTimers() {}

  /** A record as ksqlDB would produce it. */
  public record Insert(String key, String value) {}

  /** Each INSERT of create-timer.sql. */
  public static List<Insert> inserts() {
    try {
      List<KsqlStatements.Statement> statements =
          KsqlStatements.read(KsqlStatementsTest.DIR.resolve("create-timer.sql"));
      KsqlStatements.Statement stream =
          statements.stream().filter(s -> s.startsWith("CREATE")).findFirst().orElseThrow();
      List<KsqlStatements.Column> columns = stream.columns();
      List<Insert> inserts = new ArrayList<>();
      for (KsqlStatements.Statement insert : statements) {
        if (!insert.startsWith("INSERT")) {
          continue;
        }
        Map<String, Object> values = insert.insertedValues();
        String key = null;
        Map<String, Object> value = new LinkedHashMap<>();
        for (KsqlStatements.Column column : columns) {
          Object given = values.get(column.name());
          if (column.role().equals("KEY")) {
            key = (String) given;
          } else {
            value.put(column.name(), complete(given, column.type()));
          }
        }
        inserts.add(new Insert(key, JSON.writeValueAsString(value)));
      }
      return inserts;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A STRUCT value with each declared field, null where it has none. */
  @SuppressWarnings("unchecked")
  private static Object complete(Object value, KsqlStatements.Type type) {
    if (value == null || !type.name().equals("STRUCT")) {
      return value;
    }
    Map<String, Object> given = (Map<String, Object>) value;
    Map<String, Object> all = new LinkedHashMap<>();
    type.fields().forEach((name, fieldType) -> all.put(name, complete(given.get(name), fieldType)));
    return all;
  }
}

package io.punctual.connect;

import io.punctual.devkit.EmbeddedDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/** A real PostgreSQL server with Punctual's tables of {@code connectors/sql/punctual.sql}. */
final class Database implements AutoCloseable {
  static final Path SCHEMA = Path.of("sql", "punctual.sql");

  private final EmbeddedDatabase database;

  private Database(EmbeddedDatabase database) {
    this.database = database;
  }

  static Database start() throws IOException, SQLException {
    Database database = new Database(EmbeddedDatabase.start());
    database.execute(Files.readString(SCHEMA));
    return database;
  }

  Connection connect() throws SQLException {
    return database.connect();
  }

  void execute(String sql) throws SQLException {
    database.execute(sql);
  }

  /** The environment Punctual's connector configurations read (status events in JSON). */
  Map<String, String> environment() {
    return database.connectorEnvironment("");
  }

  @Override
  public void close() {
    database.close();
  }
}

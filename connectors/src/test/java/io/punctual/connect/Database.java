package io.punctual.connect;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * A real PostgreSQL server (the binaries Maven ships in io.zonky.test's jars), set up for
 * Debezium's logical decoding, with Punctual's tables of {@code connectors/sql/punctual.sql}.
 */
final class Database implements AutoCloseable {
  static final Path SCHEMA = Path.of("sql", "punctual.sql");

  private final EmbeddedPostgres postgres;

  private Database(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  static Database start() throws IOException, SQLException {
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setServerConfig("wal_level", "logical")
            .setServerConfig("max_wal_senders", "4")
            .setServerConfig("max_replication_slots", "4")
            .start();
    Database database = new Database(postgres);
    database.execute(Files.readString(SCHEMA));
    return database;
  }

  Connection connect() throws SQLException {
    return postgres.getPostgresDatabase().getConnection();
  }

  void execute(String sql) throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** The environment variables Punctual's connector configurations read the database from. */
  Map<String, String> environment() {
    return Map.of(
        "PUNCTUAL_DB_HOST", "localhost",
        "PUNCTUAL_DB_PORT", Integer.toString(postgres.getPort()),
        "PUNCTUAL_DB_NAME", "postgres",
        "PUNCTUAL_DB_USER", "postgres",
        "PUNCTUAL_DB_PASSWORD", "postgres",
        "PUNCTUAL_SCHEMA_REGISTRY_URL", "");
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}

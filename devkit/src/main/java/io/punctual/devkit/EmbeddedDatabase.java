package io.punctual.devkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * A real PostgreSQL server in a process of its own (the binaries io.zonky.test ships in Maven
 * jars), set up for logical decoding as Debezium's PostgreSQL connector needs it; for dev mode's
 * Kafka Connect and for tests. Its data lives in a temporary directory removed by {@link #close()}.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  /** The database, user and password of the server. */
  public static final String NAME = "postgres";

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** Starts a server on a free port. */
  public static EmbeddedDatabase start() {
    try {
      return new EmbeddedDatabase(
          EmbeddedPostgres.builder()
              .setServerConfig("wal_level", "logical")
              .setServerConfig("max_wal_senders", "4")
              .setServerConfig("max_replication_slots", "4")
              .start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start PostgreSQL", e);
    }
  }

  public int port() {
    return postgres.getPort();
  }

  /** The JDBC URL of its database. */
  public String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + port() + "/" + NAME;
  }

  public Connection connect() throws SQLException {
    return postgres.getPostgresDatabase().getConnection();
  }

  /** Runs SQL (one or more statements). */
  public void execute(String sql) throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /**
   * The environment variables Punctual's connector configurations ({@code connectors/*.json}) read
   * this database from, and the schema registry from ({@code registryUrl}, empty for none).
   */
  public Map<String, String> connectorEnvironment(String registryUrl) {
    return Map.of(
        "PUNCTUAL_DB_HOST", "localhost",
        "PUNCTUAL_DB_PORT", Integer.toString(port()),
        "PUNCTUAL_DB_NAME", NAME,
        "PUNCTUAL_DB_USER", NAME,
        "PUNCTUAL_DB_PASSWORD", NAME,
        "PUNCTUAL_SCHEMA_REGISTRY_URL", registryUrl);
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

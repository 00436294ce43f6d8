package io.punctual.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The tables the peers of scenario 6 need in PostgreSQL. */
final class PostgresSchemas {
  /**
   * db-scheduler's single table, as its README documents it for PostgreSQL (with the optional
   * {@code priority} column, unused here).
   */
  static final String DB_SCHEDULER =
      """
      CREATE TABLE scheduled_tasks (
        task_name            TEXT                     NOT NULL,
        task_instance        TEXT                     NOT NULL,
        task_data            BYTEA,
        execution_time       TIMESTAMP WITH TIME ZONE NOT NULL,
        picked               BOOLEAN                  NOT NULL,
        picked_by            TEXT,
        last_success         TIMESTAMP WITH TIME ZONE,
        last_failure         TIMESTAMP WITH TIME ZONE,
        consecutive_failures INT,
        last_heartbeat       TIMESTAMP WITH TIME ZONE,
        version              BIGINT                   NOT NULL,
        priority             SMALLINT,
        PRIMARY KEY (task_name, task_instance)
      );
      CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
      CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
      CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time);
      """;

  private static final String QUARTZ_RESOURCE = "/org/quartz/impl/jdbcjobstore/tables_postgres.sql";

  private PostgresSchemas() {}

  /** Quartz's own script for PostgreSQL, read from the Quartz jar on the classpath. */
  static String quartz() {
    try (InputStream script = PostgresSchemas.class.getResourceAsStream(QUARTZ_RESOURCE)) {
      if (script == null) {
        throw new IllegalStateException(QUARTZ_RESOURCE + " is not on the classpath");
      }
      return new String(script.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

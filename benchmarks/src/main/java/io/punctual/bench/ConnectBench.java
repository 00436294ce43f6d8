package io.punctual.bench;

import io.punctual.StatusEvent;
import io.punctual.StatusType;
import io.punctual.serde.JsonRecordSerializer;
import io.punctual.serde.PunctualDeserializer;
import io.punctual.testkit.JavaProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Scenario 9: Kafka Connect (issue 20), the worker of {@code bin/punctual connect} with the exact
 * configurations of {@code connectors/}, on a broker and a PostgreSQL server of the run's own
 * (Debian's binaries, durable defaults).
 *
 * <ol>
 *   <li>start: from launching the worker's JVM to both connectors (outbox source, status sink) and
 *       their tasks running;
 *   <li>lag at a sustained rate: status events produced at R a second (after a warm-up at the same
 *       rate), each stamped with its send time; how long after that each is a committed row of
 *       {@code punctual_status} (the table gets an {@code inserted_at} column defaulting to the
 *       insert's clock for this), and the most rows behind;
 *   <li>capacity: N events produced at once, rows a second until all are in, next to a plain
 *       consumer upserting the same N events with JDBC batches in the same run (raw Kafka and JDBC,
 *       no Connect).
 * </ol>
 */
@Command(
    name = "connect",
    mixinStandardHelpOptions = true,
    description = "Scenario 9: Kafka Connect: worker start, status sink lag and capacity vs raw.")
final class ConnectBench implements Callable<Integer> {
  @Mixin RunOptions options;

  private static final Pattern READY = Pattern.compile("(Punctual connect ready)");
  private static final String STATUS = "punctual.status";
  private static final String RAW = "bench.status.raw";
  private static final String INSERTED_AT =
      "ALTER TABLE punctual_status ADD COLUMN inserted_at timestamptz NOT NULL"
          + " DEFAULT clock_timestamp()";

  @Option(names = "--rate", description = "Status events/s of the sustained run (default 5000).")
  int rate = 5_000;

  @Option(names = "--duration", description = "How long the sustained run lasts (default PT60S).")
  Duration duration = Duration.ofSeconds(60);

  @Option(names = "--warmup", description = "Warm-up at the same rate before it (default PT15S).")
  Duration warmup = Duration.ofSeconds(15);

  @Option(names = "--events", description = "Events of the capacity runs (default 200000).")
  int events = 200_000;

  @Override
  public Integer call() throws Exception {
    Path dir = options.workDirectory();
    Path connectors = Path.of("connectors");
    Path classpath = connectors.resolve("target").resolve("classpath.txt");
    if (!Files.exists(classpath)) {
      throw new IllegalStateException("build the connectors module first (benchmarks/run does)");
    }
    Figures figures =
        new Figures(
            "benchmarks/run connect --rate "
                + rate
                + " --duration "
                + duration
                + " --warmup "
                + warmup
                + " --events "
                + events
                + " --partitions "
                + options.partitions);
    try (JavaProcess broker = BrokerMain.start(dir);
        PostgresServer postgres =
            PostgresServer.start(
                dir,
                Map.of(
                    "wal_level",
                    "logical",
                    "max_wal_senders",
                    "4",
                    "max_replication_slots",
                    "4"))) {
      String bootstrap = BrokerMain.bootstrapOf(broker);
      String schema = Files.readString(connectors.resolve("sql").resolve("punctual.sql"));
      postgres.createDatabase(
          "punctual",
          schema
              + ";\n"
              + INSERTED_AT
              + ";\nCREATE TABLE punctual_status_raw (LIKE punctual_status INCLUDING ALL);");
      String jdbc = postgres.jdbcUrl("punctual");
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
        admin
            .createTopics(
                List.of(
                    new NewTopic(STATUS, options.partitions, (short) 1),
                    new NewTopic(RAW, options.partitions, (short) 1),
                    new NewTopic("punctual.timers", options.partitions, (short) 1)))
            .all()
            .get();
      }

      // capacity of a plain consumer upserting with JDBC, the raw baseline
      produce(bootstrap, RAW, events, 0);
      double raw = rawSink(bootstrap, jdbc);
      figures.add("raw.consumer.jdbc.upsert.rate", raw, "rows/s", null);
      figures.writeTo(options.out);

      // start: the worker's JVM launched to both connectors running
      long launched = System.nanoTime();
      JavaProcess worker =
          JavaProcess.startOnClasspath(
              "connect",
              dir,
              options.heap,
              connectors.resolve("target").resolve("punctual-connectors.jar").toAbsolutePath()
                  + ":"
                  + Files.readString(classpath).trim(),
              Map.of(
                  "PUNCTUAL_DB_HOST", "127.0.0.1",
                  "PUNCTUAL_DB_PORT", Integer.toString(postgres.port()),
                  "PUNCTUAL_DB_NAME", "punctual",
                  "PUNCTUAL_DB_USER", PostgresServer.SUPERUSER,
                  "PUNCTUAL_DB_PASSWORD", "unused",
                  "PUNCTUAL_SCHEMA_REGISTRY_URL", ""),
              "io.punctual.connect.ConnectCommand",
              List.of(
                  "--bootstrap-servers",
                  bootstrap,
                  "--rest-host",
                  "127.0.0.1",
                  "--rest-port",
                  Integer.toString(freePort()),
                  "--plugin-path",
                  connectors.resolve("target").resolve("plugins").toAbsolutePath().toString(),
                  "--connector",
                  connectors.resolve("outbox-source.json").toAbsolutePath().toString(),
                  "--connector",
                  connectors.resolve("status-sink.json").toAbsolutePath().toString()));
      try (worker) {
        worker.await(READY, Duration.ofMinutes(5));
        double started = (System.nanoTime() - launched) / 1e9;
        figures.add("punctual.connect.start_to_running", started, "s", null);
        figures.writeTo(options.out);

        sustained(figures, bootstrap, jdbc);
        figures.writeTo(options.out);

        long before = rows(jdbc, "punctual_status");
        long start = System.nanoTime();
        produce(bootstrap, STATUS, events, 0);
        awaitRows(jdbc, "punctual_status", before + events, Duration.ofMinutes(10));
        double sink = events / ((System.nanoTime() - start) / 1e9);
        figures.add("punctual.connect.status_sink.rate", sink, "rows/s", null);
        figures.add("punctual.connect.status_sink.rate_ratio_to_raw", sink / raw, "ratio", null);
        figures.writeTo(options.out);
      }
    }
    return 0;
  }

  /** Events at the rate, warm-up then measured; lateness of their rows. */
  private void sustained(Figures figures, String bootstrap, String jdbc) throws Exception {
    long total = (warmup.toSeconds() + duration.toSeconds()) * rate;
    long measuredFrom = System.currentTimeMillis() + warmup.toMillis();
    long before = rows(jdbc, "punctual_status");
    long[] mostBehind = {0};
    Thread sampler =
        new Thread(
            () -> {
              try (Connection connection = DriverManager.getConnection(jdbc)) {
                while (!Thread.currentThread().isInterrupted()) {
                  long expected = (System.currentTimeMillis() - (measuredFrom - warmup.toMillis()));
                  long sent = Math.min(total, expected * rate / 1000);
                  long behind = sent - (rows(connection, "punctual_status") - before);
                  if (System.currentTimeMillis() > measuredFrom) {
                    mostBehind[0] = Math.max(mostBehind[0], behind);
                  }
                  Thread.sleep(500);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (SQLException e) {
                throw new IllegalStateException(e);
              }
            },
            "rows-sampler");
    sampler.start();
    produce(bootstrap, STATUS, total, rate);
    awaitRows(jdbc, "punctual_status", before + total, Duration.ofMinutes(5));
    sampler.interrupt();
    sampler.join();
    try (Connection connection = DriverManager.getConnection(jdbc);
        PreparedStatement lag =
            connection.prepareStatement(
                "SELECT count(*),"
                    + " percentile_cont(0.5) WITHIN GROUP (ORDER BY ms),"
                    + " percentile_cont(0.99) WITHIN GROUP (ORDER BY ms), max(ms)"
                    + " FROM (SELECT extract(epoch FROM inserted_at - occurred_at) * 1000 AS ms"
                    + " FROM punctual_status WHERE occurred_at >= ?) lags")) {
      lag.setTimestamp(1, new Timestamp(measuredFrom));
      try (ResultSet result = lag.executeQuery()) {
        result.next();
        String prefix = "punctual.connect.status_sink.at_" + rate + ".";
        figures.add(prefix + "rows", result.getLong(1), "rows", null);
        figures.add(prefix + "lag_p50", result.getDouble(2), "ms", null);
        figures.add(prefix + "lag_p99", result.getDouble(3), "ms", null);
        figures.add(prefix + "lag_max", result.getDouble(4), "ms", null);
        figures.add(prefix + "most_rows_behind", mostBehind[0], "rows", null);
      }
      // the lag over the run, 5 s at a time, to tell a steady lag from a warm-up
      try (Statement statement = connection.createStatement();
          ResultSet buckets =
              statement.executeQuery(
                  "SELECT floor(extract(epoch FROM occurred_at) / 5) * 5 AS at, count(*),"
                      + " percentile_cont(0.99) WITHIN GROUP (ORDER BY"
                      + " extract(epoch FROM inserted_at - occurred_at) * 1000)"
                      + " FROM punctual_status GROUP BY 1 ORDER BY 1")) {
        while (buckets.next()) {
          System.out.printf(
              "lag from %s: %d rows, p99 %.0f ms%n",
              Instant.ofEpochSecond(buckets.getLong(1)), buckets.getLong(2), buckets.getDouble(3));
        }
      }
    }
  }

  /**
   * Produces {@code count} status events as the executor writes them (JSON, keyed by timer id),
   * each stamped with its send time; {@code perSecond} paces them (0: as fast as possible).
   */
  private static void produce(String bootstrap, String topic, long count, int perSecond)
      throws InterruptedException {
    JsonRecordSerializer<StatusEvent> json = new JsonRecordSerializer<>();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                "bootstrap.servers",
                bootstrap,
                "linger.ms",
                5,
                "batch.size",
                131072,
                "compression.type",
                "lz4"),
            new StringSerializer(),
            new ByteArraySerializer())) {
      long start = System.nanoTime();
      for (long i = 0; i < count; i++) {
        if (perSecond > 0 && i % (perSecond / 100) == 0) {
          long due = start + i * 1_000_000_000L / perSecond;
          long wait = due - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
        }
        StatusEvent event = event(i, Instant.now());
        producer.send(
            new ProducerRecord<>(topic, event.getTimerId(), json.serialize(topic, event)));
      }
      producer.flush();
    }
  }

  /** A status event of an HTTP attempt, as the executor publishes one (about 300 bytes). */
  private static StatusEvent event(long i, Instant at) {
    String timer = "timer-" + (i % 50_000);
    boolean failed = i % 10 == 0;
    Instant scheduled = at.minusMillis(40);
    return StatusEvent.newBuilder()
        .setType(
            failed ? StatusType.FAILED : i % 2 == 0 ? StatusType.STARTED : StatusType.SUCCEEDED)
        .setTimerId(timer)
        .setInvocationId(timer + "@" + scheduled.toEpochMilli())
        .setNamespace("team-" + (i % 7))
        .setAttempt(1)
        .setAt(at)
        .setScheduledAt(scheduled)
        .setStartedAt(scheduled.plusMillis(12))
        .setFinishedAt(failed ? at : null)
        .setLatenessMillis(12L)
        .setHttpStatus(failed ? 503 : 200)
        .setError(failed ? "HTTP 503 from https://target.internal/hook" : null)
        .setResponseExcerpt(failed ? "Service Unavailable: try again later" : null)
        .setInstance("executor-1")
        .build();
  }

  /**
   * The raw baseline: a read_committed consumer upserting each poll's events into {@code
   * punctual_status_raw} with one JDBC batch and commit; rows a second until all are in.
   */
  private double rawSink(String bootstrap, String jdbc) throws SQLException {
    PunctualDeserializer<StatusEvent> reader = new PunctualDeserializer<>(StatusEvent.class);
    String upsert =
        "INSERT INTO punctual_status_raw (kafka_topic, kafka_partition, kafka_offset, timer_id,"
            + " namespace, type, invocation_id, attempt, occurred_at, scheduled_at, started_at,"
            + " finished_at, lateness_ms, http_status, error, response_excerpt, next_attempt_at,"
            + " instance, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (kafka_topic, kafka_partition, kafka_offset) DO UPDATE SET"
            + " type = EXCLUDED.type";
    long start = System.nanoTime();
    long written = 0;
    try (KafkaConsumer<String, byte[]> consumer =
            new KafkaConsumer<>(
                Map.of(
                    "bootstrap.servers", bootstrap,
                    "group.id", "bench-raw-sink",
                    "auto.offset.reset", "earliest",
                    "isolation.level", "read_committed",
                    "max.poll.records", 5000),
                new StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer());
        Connection connection = DriverManager.getConnection(jdbc);
        PreparedStatement insert = connection.prepareStatement(upsert)) {
      connection.setAutoCommit(false);
      consumer.subscribe(List.of(RAW));
      while (written < events) {
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
        for (ConsumerRecord<String, byte[]> record : records) {
          StatusEvent event = reader.deserialize(record.topic(), record.value());
          insert.setString(1, record.topic());
          insert.setInt(2, record.partition());
          insert.setLong(3, record.offset());
          insert.setString(4, event.getTimerId());
          insert.setString(5, event.getNamespace());
          insert.setString(6, event.getType().name());
          insert.setString(7, event.getInvocationId());
          setObject(insert, 8, event.getAttempt(), Types.INTEGER);
          insert.setTimestamp(9, Timestamp.from(event.getAt()));
          setObject(insert, 10, timestamp(event.getScheduledAt()), Types.TIMESTAMP);
          setObject(insert, 11, timestamp(event.getStartedAt()), Types.TIMESTAMP);
          setObject(insert, 12, timestamp(event.getFinishedAt()), Types.TIMESTAMP);
          setObject(insert, 13, event.getLatenessMillis(), Types.BIGINT);
          setObject(insert, 14, event.getHttpStatus(), Types.INTEGER);
          insert.setString(15, event.getError());
          insert.setString(16, event.getResponseExcerpt());
          setObject(insert, 17, timestamp(event.getNextAttemptAt()), Types.TIMESTAMP);
          insert.setString(18, event.getInstance());
          insert.setString(19, event.getOrigin());
          insert.addBatch();
        }
        if (!records.isEmpty()) {
          insert.executeBatch();
          connection.commit();
          consumer.commitSync();
          written += records.count();
        }
      }
    }
    return written / ((System.nanoTime() - start) / 1e9);
  }

  private static Timestamp timestamp(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  private static void setObject(PreparedStatement statement, int index, Object value, int type)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, type);
    } else {
      statement.setObject(index, value, type);
    }
  }

  private static long rows(String jdbc, String table) throws SQLException {
    try (Connection connection = DriverManager.getConnection(jdbc)) {
      return rows(connection, table);
    }
  }

  private static long rows(Connection connection, String table) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT count(*) FROM " + table)) {
      result.next();
      return result.getLong(1);
    }
  }

  private static void awaitRows(String jdbc, String table, long expected, Duration timeout)
      throws SQLException, InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    try (Connection connection = DriverManager.getConnection(jdbc)) {
      long rows;
      while ((rows = rows(connection, table)) < expected) {
        if (System.nanoTime() > end) {
          throw new IllegalStateException(
              table + " has " + rows + " rows of " + expected + " after " + timeout);
        }
        Thread.sleep(100);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}

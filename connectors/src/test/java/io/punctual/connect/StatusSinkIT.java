package io.punctual.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.StatusEvent;
import io.punctual.StatusType;
import io.punctual.devkit.RecordingHttpTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Durable history: the exact configurations of {@code connectors/status-sink.json} and {@code
 * connectors/dead-letters-sink.json}, on a real Connect worker killed midway, write every status
 * event and dead letter of 1,000 firings with mixed outcomes into PostgreSQL, once each; the
 * queries of {@code connectors/sql/queries.sql} return the figures the events give.
 */
class StatusSinkIT {
  private static final Path STATUS_SINK = Path.of("status-sink.json");
  private static final Path DEAD_LETTERS_SINK = Path.of("dead-letters-sink.json");
  private static final int TIMERS = 1_000;

  @Test
  void shouldKeepEveryStatusEventAndDeadLetterInSqlOnceThroughAWorkerKill() throws Exception {
    Path dir = Files.createTempDirectory("status-sink-it");
    try (Database database = Database.start();
        PunctualOnKafka punctual = new PunctualOnKafka(Map.of());
        KafkaProducer<String, String> producer =
            new KafkaProducer<>(
                Map.of("bootstrap.servers", punctual.kafka.bootstrapServers()),
                new StringSerializer(),
                new StringSerializer())) {
      int port = WorkerProcess.freePort();
      WorkerProcess worker = startWorker(dir, "connect-1", punctual, database, port);
      RecordingHttpTarget target = punctual.target;
      Map<String, Integer> calls = new ConcurrentHashMap<>();
      target.respond(
          call -> {
            int n = calls.merge(call.path(), 1, Integer::sum);
            boolean fails =
                call.path().startsWith("/broken/") || call.path().startsWith("/flaky/") && n == 1;
            // a NUL in the body, which SQL text cannot hold, reaches the response excerpt
            return fails
                ? new RecordingHttpTarget.Response(500, "down\u0000")
                : RecordingHttpTarget.Response.OK;
          });

      // Given 1,000 timers over 15 s: 700 succeed, 200 fail once then succeed, 100 always fail
      Instant start = Instant.now().plusSeconds(10);
      for (int i = 0; i < TIMERS; i++) {
        String id = "t-" + i;
        producer.send(
            new ProducerRecord<>(
                "punctual.timers", id, definition(target, i, start.plusMillis(15L * i))));
      }
      // And a record no timer can come of, its key holding a NUL
      producer.send(new ProducerRecord<>("punctual.timers", "hostile\u0000key", "{not json"));
      producer.flush();
      int finals = TIMERS;

      // When the worker is killed once part of the events are out, and started again
      Await.until(
          () -> punctual.status.records.size() >= finals, Duration.ofSeconds(90), "half out");
      worker.kill();
      worker = startWorker(dir, "connect-2", punctual, database, port);

      // Then every invocation ends (success, or dead letter after its attempts)
      Await.until(
          () ->
              count(punctual, StatusType.SUCCEEDED) + count(punctual, StatusType.DEAD_LETTERED)
                  >= TIMERS,
          Duration.ofSeconds(120),
          "every invocation ends");
      assertEquals(900, count(punctual, StatusType.SUCCEEDED));
      assertEquals(100, count(punctual, StatusType.DEAD_LETTERED));

      // And punctual_status holds exactly the events of punctual.status
      List<ConsumerRecord<String, StatusEvent>> events = settled(punctual.status);
      Await.until(
          () -> rows(database, "punctual_status") >= events.size(),
          Duration.ofSeconds(120),
          "rows of punctual_status");
      Thread.sleep(6_000);
      Map<String, String> expected = new TreeMap<>();
      for (ConsumerRecord<String, StatusEvent> record : events) {
        expected.put(coordinates(record), describe(record.value()));
        assertEquals(record.value().getTimerId(), record.key(), "keyed by the timer id");
      }
      assertEquals(expected, statusRows(database));
      // the NULs of the bodies were kept as U+FFFD, not refused by the database
      assertTrue(
          rows(database, "punctual_status WHERE response_excerpt = 'down\uFFFD'") >= 100,
          "excerpts with a NUL");
      System.out.printf("status events %d, rows %d%n", events.size(), expected.size());

      // And punctual_dead_letters every dead letter, with its reason
      List<ConsumerRecord<String, byte[]>> letters = settled(punctual.deadLetters);
      assertEquals(101, letters.size());
      Await.until(
          () -> rows(database, "punctual_dead_letters") >= letters.size(),
          Duration.ofSeconds(60),
          "rows of punctual_dead_letters");
      assertEquals(
          letters.stream().map(StatusSinkIT::coordinates).collect(Collectors.toSet()),
          deadLetterRows(database));

      // And the queries of queries.sql, as the README shows them, give the figures of the events
      Map<String, String> queries = Queries.read();
      String readme = Files.readString(Path.of("..", "README.md"));
      queries.forEach((name, sql) -> assertTrue(readme.contains(sql), "README lacks " + name));
      List<StatusEvent> all = events.stream().map(ConsumerRecord::value).toList();
      assertEquals(Queries.runsOf(all, "t-1"), runs(database, queries, "t-1"));
      assertEquals(
          Queries.failuresPerNamespacePerHour(all),
          table(database, queries.get("failures-per-namespace-per-hour")));
      assertEquals(
          Queries.latenessPerDay(all), table(database, queries.get("lateness-p99-per-day")));
      worker.close();
    }
  }

  private static String definition(RecordingHttpTarget target, int i, Instant at) {
    String kind = i % 10 < 7 ? "ok" : i % 10 < 9 ? "flaky" : "broken";
    String retry =
        kind.equals("broken")
            ? "{\"maxAttempts\": 2, \"initialBackoff\": \"PT1S\"}"
            : "{\"maxAttempts\": 3, \"initialBackoff\": \"PT1S\"}";
    return "{\"namespace\": \""
        + (i % 3 == 0 ? "team-a" : "team-b")
        + "\", \"schedule\": {\"at\": \""
        + at
        + "\"}, \"target\": {\"http\": {\"url\": \""
        + target.url("/" + kind + "/t-" + i)
        + "\"}}, \"retry\": "
        + retry
        + "}";
  }

  private static WorkerProcess startWorker(
      Path dir, String name, PunctualOnKafka punctual, Database database, int port)
      throws InterruptedException {
    return WorkerProcess.start(
        name,
        dir,
        punctual.kafka.bootstrapServers(),
        port,
        database.environment(),
        List.of(STATUS_SINK, DEAD_LETTERS_SINK));
  }

  /** The records once none has arrived for 3 s. */
  private static <V> List<ConsumerRecord<String, V>> settled(PunctualOnKafka.Collector<V> collector)
      throws InterruptedException {
    int size = -1;
    while (size != collector.records.size()) {
      size = collector.records.size();
      Thread.sleep(3_000);
    }
    return List.copyOf(collector.records);
  }

  private static String coordinates(ConsumerRecord<?, ?> record) {
    return record.topic() + "-" + record.partition() + "@" + record.offset();
  }

  private static String describe(StatusEvent event) {
    return String.join(
        "|",
        event.getTimerId().replace('\0', '\uFFFD'),
        String.valueOf(event.getNamespace()),
        event.getType().name(),
        String.valueOf(event.getInvocationId()),
        String.valueOf(event.getAttempt()),
        Long.toString(event.getAt().toEpochMilli()),
        String.valueOf(event.getLatenessMillis()),
        String.valueOf(event.getHttpStatus()));
  }

  private static Map<String, String> statusRows(Database database) throws SQLException {
    Map<String, String> rows = new TreeMap<>();
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT kafka_topic, kafka_partition, kafka_offset, timer_id, namespace, type,"
                    + " invocation_id, attempt, occurred_at, lateness_ms, http_status"
                    + " FROM punctual_status")) {
      while (result.next()) {
        rows.put(
            result.getString(1) + "-" + result.getInt(2) + "@" + result.getLong(3),
            String.join(
                "|",
                result.getString(4),
                String.valueOf(result.getString(5)),
                result.getString(6),
                String.valueOf(result.getString(7)),
                String.valueOf(result.getObject(8)),
                Long.toString(result.getTimestamp(9).getTime()),
                String.valueOf(result.getObject(10)),
                String.valueOf(result.getObject(11))));
      }
    }
    return rows;
  }

  private static Set<String> deadLetterRows(Database database) throws SQLException {
    Set<String> rows = new java.util.TreeSet<>();
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT kafka_topic, kafka_partition, kafka_offset, reason, origin_topic"
                    + " FROM punctual_dead_letters")) {
      while (result.next()) {
        assertTrue(result.getString(4) != null && !result.getString(4).isBlank());
        assertTrue(Set.of("punctual.triggers", "punctual.timers").contains(result.getString(5)));
        rows.add(result.getString(1) + "-" + result.getInt(2) + "@" + result.getLong(3));
      }
    }
    return rows;
  }

  private static int rows(Database database, String table) {
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT count(*) FROM " + table)) {
      result.next();
      return result.getInt(1);
    } catch (SQLException e) {
      return 0;
    }
  }

  private static List<String> runs(Database database, Map<String, String> queries, String timerId)
      throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = database.connect();
        PreparedStatement statement =
            connection.prepareStatement(queries.get("runs-of-timer").replace(":timer_id", "?"))) {
      statement.setString(1, timerId);
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          rows.add(
              result.getString("invocation_id")
                  + "|"
                  + result.getInt("attempt")
                  + "|"
                  + result.getString("type"));
        }
      }
    }
    return rows;
  }

  /** Every row of a query, each column as text, doubles rounded to the millisecond. */
  private static List<String> table(Database database, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        List<String> row = new ArrayList<>();
        for (int c = 1; c <= columns; c++) {
          Object value = result.getObject(c);
          row.add(
              value instanceof Double d
                  ? String.format("%.3f", d)
                  : value instanceof java.sql.Timestamp t
                      ? t.toLocalDateTime().toString()
                      : String.valueOf(value));
        }
        rows.add(String.join("|", row));
      }
    }
    return rows;
  }

  static long count(PunctualOnKafka punctual, StatusType type) {
    return punctual.status.records.stream().filter(r -> r.value().getType() == type).count();
  }

  /** The queries of queries.sql, and the figures they should give, computed from the events. */
  static final class Queries {
    private static final Set<StatusType> RUN_TYPES =
        Set.of(
            StatusType.SUCCEEDED,
            StatusType.FAILED,
            StatusType.TIMED_OUT,
            StatusType.RETRY_SCHEDULED,
            StatusType.DEAD_LETTERED,
            StatusType.CANCELLED);

    static Map<String, String> read() throws java.io.IOException {
      Map<String, String> queries = new TreeMap<>();
      String[] parts = Files.readString(Path.of("sql", "queries.sql")).split("-- name: ");
      for (int i = 1; i < parts.length; i++) {
        String name = parts[i].substring(0, parts[i].indexOf('\n')).trim();
        String sql =
            parts[i]
                .lines()
                .skip(1)
                .filter(line -> !line.startsWith("--"))
                .collect(Collectors.joining("\n"))
                .trim();
        queries.put(name, sql.endsWith(";") ? sql.substring(0, sql.length() - 1) : sql);
      }
      return queries;
    }

    static List<String> runsOf(List<StatusEvent> events, String timerId) {
      return events.stream()
          .filter(e -> e.getTimerId().equals(timerId) && RUN_TYPES.contains(e.getType()))
          .sorted(
              Comparator.comparing(StatusEvent::getScheduledAt)
                  .thenComparing(StatusEvent::getAttempt)
                  .thenComparing(StatusEvent::getAt)
                  .reversed())
          .map(e -> e.getInvocationId() + "|" + e.getAttempt() + "|" + e.getType())
          .toList();
    }

    static List<String> failuresPerNamespacePerHour(List<StatusEvent> events) {
      Map<String, long[]> groups = new TreeMap<>();
      for (StatusEvent e : events) {
        boolean failed = e.getType() == StatusType.FAILED || e.getType() == StatusType.TIMED_OUT;
        if (!failed && e.getType() != StatusType.DEAD_LETTERED) {
          continue;
        }
        String hour =
            e.getAt().truncatedTo(ChronoUnit.HOURS).atOffset(ZoneOffset.UTC).toLocalDateTime()
                + "|"
                + e.getNamespace();
        groups.computeIfAbsent(hour, h -> new long[2])[failed ? 0 : 1]++;
      }
      List<String> rows = new ArrayList<>();
      groups.forEach(
          (key, counts) -> {
            String[] parts = key.split("\\|");
            rows.add(parts[1] + "|" + parts[0] + "|" + counts[0] + "|" + counts[1]);
          });
      return rows;
    }

    static List<String> latenessPerDay(List<StatusEvent> events) {
      Map<String, List<Long>> days = new TreeMap<>();
      for (StatusEvent e : events) {
        if (e.getType() == StatusType.STARTED && e.getAttempt() == 1) {
          String day =
              e.getScheduledAt()
                  .truncatedTo(ChronoUnit.DAYS)
                  .atOffset(ZoneOffset.UTC)
                  .toLocalDateTime()
                  .toString();
          days.computeIfAbsent(day, d -> new ArrayList<>()).add(e.getLatenessMillis());
        }
      }
      List<String> rows = new ArrayList<>();
      days.forEach(
          (day, lateness) -> {
            List<Long> sorted = lateness.stream().sorted().toList();
            rows.add(
                String.join(
                    "|",
                    day,
                    Integer.toString(sorted.size()),
                    String.format("%.3f", percentile(sorted, 0.5)),
                    String.format("%.3f", percentile(sorted, 0.99)),
                    Long.toString(sorted.get(sorted.size() - 1))));
          });
      return rows;
    }

    /** PostgreSQL's percentile_cont: linear interpolation between the closest ranks. */
    static double percentile(List<Long> sorted, double fraction) {
      double position = fraction * (sorted.size() - 1);
      int below = (int) Math.floor(position);
      int above = (int) Math.ceil(position);
      return sorted.get(below) + (position - below) * (sorted.get(above) - sorted.get(below));
    }
  }
}

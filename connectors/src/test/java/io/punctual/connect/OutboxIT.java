package io.punctual.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.StatusEvent;
import io.punctual.StatusType;
import io.punctual.contract.DeadLetterHeaders;
import io.punctual.contract.SourceHeaders;
import io.punctual.devkit.RecordingHttpTarget;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Timers from a database transaction: an application writes its business row and a {@code
 * punctual_outbox} row in one transaction; Debezium's PostgreSQL connector, with the exact
 * configuration of {@code connectors/outbox-source.json} on a real Connect worker, turns each
 * committed row into a timer record, which the real scheduler and executor fire at a local HTTP
 * target.
 */
class OutboxIT {
  private static final Path OUTBOX = Path.of("outbox-source.json");
  private static final int COMMITTED = 200;
  private static final int ROLLED_BACK = 50;
  private static final int DELETED = 20;
  private static final int INVALID = 20;

  @Test
  void shouldCreateATimerForEachCommittedOutboxRowAndNoneForARolledBackOne() throws Exception {
    Path dir = Files.createTempDirectory("outbox-it");
    try (Database database = Database.start();
        PunctualOnKafka punctual = new PunctualOnKafka(Map.of());
        PunctualOnKafka.Collector<byte[]> timerRecords =
            new PunctualOnKafka.Collector<>(
                punctual.kafka.bootstrapServers(),
                PunctualOnKafka.PREFIX + ".timers",
                new ByteArrayDeserializer())) {
      int port = WorkerProcess.freePort();
      WorkerProcess worker = startWorker(dir, "connect-1", punctual, database, port);
      database.execute("CREATE TABLE orders (id text PRIMARY KEY, amount integer NOT NULL)");
      RecordingHttpTarget target = punctual.target;
      Instant fireAt = Instant.now().plusSeconds(25);

      // Given timers to delete, created and then deleted through the outbox
      Map<String, Long> rows = new TreeMap<>();
      for (int i = 0; i < DELETED; i++) {
        String id = "deleted-" + i;
        rows.put(id, order(database, id, definition(target, id, fireAt.plusSeconds(30)), true));
      }
      Await.until(
          () -> deletedAll(punctual, DELETED, true), Duration.ofSeconds(60), "deleted-* created");
      for (int i = 0; i < DELETED; i++) {
        deleteThroughOutbox(database, "deleted-" + i);
      }

      // When 200 orders commit with their timers, 50 roll back, and 20 carry invalid definitions
      for (int i = 0; i < COMMITTED; i++) {
        if (i == COMMITTED / 2) {
          // a worker killed mid-stream: its successor resumes from the committed source offset
          worker.kill();
          worker = startWorker(dir, "connect-2", punctual, database, port);
          // connectors are created idempotently at start: the second worker updates it
          assertTrue(
              worker
                  .process()
                  .lines()
                  .contains("punctual connect: connector punctual-outbox updated"),
              "not updated; see " + worker.process().log());
        }
        String id = "order-" + i;
        rows.put(id, order(database, id, definition(target, id, fireAt), true));
        if (i % 4 == 0) {
          String lost = "rolled-back-" + i / 4;
          order(database, lost, definition(target, lost, fireAt), false);
        }
        if (i % 10 == 0) {
          String bad = "invalid-" + i / 10;
          rows.put(bad, order(database, bad, invalid(i / 10, target, bad), true));
        }
      }
      // And one more valid order after the invalid ones: the connector is still running
      String last = "after-invalid";
      rows.put(last, order(database, last, definition(target, last, fireAt), true));

      // Then every committed timer fires exactly once, not before its instant
      Await.until(
          () -> target.calls().size() >= COMMITTED + 1, Duration.ofSeconds(120), "all fired");
      Thread.sleep(5_000);
      Map<String, List<RecordingHttpTarget.Call>> calls = new HashMap<>();
      for (RecordingHttpTarget.Call call : target.calls()) {
        calls.computeIfAbsent(call.path(), p -> new ArrayList<>()).add(call);
      }
      for (int i = 0; i < COMMITTED; i++) {
        List<RecordingHttpTarget.Call> of = calls.getOrDefault("/fire/order-" + i, List.of());
        assertEquals(1, of.size(), "order-" + i + " fired " + of.size() + " times");
        assertFalse(of.get(0).arrivedAt().isBefore(fireAt), "order-" + i + " fired early");
      }
      assertEquals(1, calls.getOrDefault("/fire/" + last, List.of()).size(), last);
      assertEquals(COMMITTED + 1, target.calls().size(), "calls: " + calls.keySet());
      assertEquals(COMMITTED + 1, count(punctual, StatusType.SUCCEEDED));

      // And no rolled-back row ever reached the timers
      for (int i = 0; i < ROLLED_BACK; i++) {
        assertTrue(punctual.queries.timer("rolled-back-" + i).isEmpty(), "rolled-back-" + i);
      }
      for (StatusEvent event : events(punctual)) {
        assertFalse(event.getTimerId().startsWith("rolled-back-"), "" + event);
      }

      // And the deleted timers are gone, having never fired
      assertTrue(deletedAll(punctual, DELETED, false), "a deleted-* timer is still there");
      assertTrue(calls.keySet().stream().noneMatch(p -> p.startsWith("/fire/deleted-")));

      // And each invalid row reached the dead letters with a reason naming its outbox row
      Await.until(
          () -> punctual.deadLetters.records.size() >= INVALID,
          Duration.ofSeconds(30),
          "dead letters");
      Set<String> named = new HashSet<>();
      for (ConsumerRecord<String, byte[]> dead : punctual.deadLetters.records) {
        String reason = header(dead, DeadLetterHeaders.ERROR);
        String row = header(dead, SourceHeaders.OUTBOX_ID);
        assertEquals(Long.toString(rows.get(dead.key())), row, dead.key());
        assertTrue(reason.contains("outbox row " + row + ":"), reason);
        named.add(dead.key());
        System.out.println("dead letter " + dead.key() + ": " + reason);
      }
      assertEquals(INVALID, named.size(), "" + named);
      assertEquals(INVALID, punctual.deadLetters.records.size());
      ConnectRest.Status status = worker.rest().status("punctual-outbox");
      assertTrue(status.running(), "" + status);

      // And the connector wrote each committed row exactly once, through the kill
      Map<String, Integer> written = new TreeMap<>();
      for (ConsumerRecord<String, byte[]> record : timerRecords.records) {
        written.merge(record.key(), 1, Integer::sum);
      }
      Map<String, Integer> expected = new TreeMap<>();
      rows.keySet().forEach(id -> expected.put(id, id.startsWith("deleted-") ? 2 : 1));
      assertEquals(expected, written);
      worker.close();
    }
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
        List.of(OUTBOX));
  }

  /**
   * Writes an order and its timer in one transaction, committed or rolled back; returns the outbox
   * row's id.
   */
  private static long order(Database database, String id, String definition, boolean commit)
      throws SQLException {
    try (Connection connection = database.connect()) {
      connection.setAutoCommit(false);
      try (PreparedStatement order =
              connection.prepareStatement("INSERT INTO orders (id, amount) VALUES (?, ?)");
          PreparedStatement outbox =
              connection.prepareStatement(
                  "INSERT INTO punctual_outbox (timer_id, namespace, definition) VALUES (?, ?, ?)",
                  Statement.RETURN_GENERATED_KEYS)) {
        order.setString(1, id);
        order.setInt(2, 100);
        order.executeUpdate();
        outbox.setString(1, id);
        outbox.setString(2, namespaceOf(id));
        outbox.setString(3, definition);
        outbox.executeUpdate();
        long row;
        try (ResultSet keys = outbox.getGeneratedKeys()) {
          keys.next();
          row = keys.getLong("id");
        }
        if (commit) {
          connection.commit();
        } else {
          connection.rollback();
        }
        return row;
      }
    }
  }

  /** The namespace of the outbox row of an order: billing for every fifth invalid one. */
  private static String namespaceOf(String id) {
    return id.startsWith("invalid-") && Integer.parseInt(id.substring(8)) % 5 == 4
        ? "billing"
        : "default";
  }

  private static void deleteThroughOutbox(Database database, String id) throws SQLException {
    try (Connection connection = database.connect();
        PreparedStatement outbox =
            connection.prepareStatement(
                "INSERT INTO punctual_outbox (timer_id, deleted) VALUES (?, true)")) {
      outbox.setString(1, id);
      outbox.executeUpdate();
    }
  }

  private static String definition(RecordingHttpTarget target, String id, Instant at) {
    return "{\"schedule\": {\"at\": \""
        + at
        + "\"}, \"target\": {\"http\": {\"url\": \""
        + target.url("/fire/" + id)
        + "\"}}}";
  }

  /**
   * Invalid definitions of several kinds: not JSON, a bad cron, no target, a bad zone, and a valid
   * one in a row written for another namespace ({@link #namespaceOf}).
   */
  private static String invalid(int i, RecordingHttpTarget target, String id) {
    return switch (i % 5) {
      case 0 -> "{\"schedule\": {\"at\": ";
      case 1 ->
          "{\"schedule\": {\"cron\": \"61 * * * *\"}, \"target\": {\"http\": {\"url\": \""
              + target.url("/fire/" + id)
              + "\"}}}";
      case 2 -> "{\"schedule\": {\"after\": \"PT1H\"}}";
      case 3 ->
          "{\"schedule\": {\"cron\": \"0 9 * * *\", \"timeZone\": \"Mars/Olympus\"},"
              + " \"target\": {\"http\": {\"url\": \""
              + target.url("/fire/" + id)
              + "\"}}}";
      default -> definition(target, id, Instant.now().plusSeconds(3600));
    };
  }

  private static boolean deletedAll(PunctualOnKafka punctual, int count, boolean present) {
    for (int i = 0; i < count; i++) {
      if (punctual.queries.timer("deleted-" + i).isPresent() != present) {
        return false;
      }
    }
    return true;
  }

  private static List<StatusEvent> events(PunctualOnKafka punctual) {
    return punctual.status.records.stream().map(ConsumerRecord::value).toList();
  }

  private static long count(PunctualOnKafka punctual, StatusType type) {
    return events(punctual).stream().filter(e -> e.getType() == type).count();
  }

  private static String header(ConsumerRecord<?, ?> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}

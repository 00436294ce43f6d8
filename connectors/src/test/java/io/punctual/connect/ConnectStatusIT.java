package io.punctual.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.devkit.EmbeddedKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code punctual connect status}: a connector whose task failed is shown failed, with its error,
 * and the command exits with 1; {@code --restart-failed} restarts it. And {@code punctual connect}
 * refuses to start when a connector names an environment variable that is not set.
 */
class ConnectStatusIT {
  @Test
  void shouldShowAFailedTaskWithItsErrorAndRestartIt() throws Exception {
    Path dir = Files.createTempDirectory("connect-status-it");
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        Database database = Database.start();
        KafkaProducer<String, String> producer =
            new KafkaProducer<>(
                Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(),
                new StringSerializer())) {
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
        admin.createTopics(List.of(new NewTopic("punctual.status", 1, (short) 1))).all().get();
      }
      // Given a status table that cannot take a status event (timer_id is a number)
      database.execute(
          "DROP TABLE punctual_status; CREATE TABLE punctual_status (kafka_topic text, kafka_partition"
              + " integer, kafka_offset bigint, timer_id integer,"
              + " PRIMARY KEY (kafka_topic, kafka_partition, kafka_offset))");
      WorkerProcess worker =
          WorkerProcess.start(
              "connect",
              dir,
              kafka.bootstrapServers(),
              WorkerProcess.freePort(),
              database.environment(),
              List.of(Path.of("status-sink.json")));

      // When a status event arrives
      producer.send(
          new ProducerRecord<>(
              "punctual.status",
              "t-1",
              "{\"type\": \"SUCCEEDED\", \"timerId\": \"t-1\", \"at\": \"2026-03-08T07:00:00Z\"}"));
      producer.flush();

      // Then the sink's task fails, and status shows it with its error and exits with 1
      ConnectRest rest = worker.rest();
      long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (!rest.status("punctual-status-sink").failed() && System.nanoTime() < end) {
        Thread.sleep(500);
      }
      Run status = run("status", "--url", worker.rest().base().toString());
      System.out.println(status.output);
      assertEquals(1, status.exit);
      assertTrue(status.output.contains("punctual-status-sink: RUNNING"), status.output);
      assertTrue(status.output.contains("task 0: FAILED"), status.output);
      assertTrue(status.output.contains("    error: "), status.output);
      assertTrue(status.output.contains("Caused by: "), status.output);

      // And once the table is mended, --restart-failed gets it running again
      database.execute("DROP TABLE punctual_status; " + Files.readString(Database.SCHEMA));
      Run restart = run("status", "--url", worker.rest().base().toString(), "--restart-failed");
      assertTrue(restart.output.contains("restarted"), restart.output);
      end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!rest.status("punctual-status-sink").running() && System.nanoTime() < end) {
        Thread.sleep(500);
      }
      assertTrue(rest.status("punctual-status-sink").running());
      assertEquals(0, run("status", "--url", worker.rest().base().toString()).exit);
      worker.close();
    }
  }

  @Test
  void shouldRefuseToStartWhenAConnectorNeedsAnUnsetVariable() {
    Run run = run("--bootstrap-servers", "localhost:1", "--connector", "outbox-source.json");

    assertEquals(2, run.exit);
    assertTrue(
        run.output.contains(
            "connector punctual-outbox needs the environment variables PUNCTUAL_DB_HOST,"
                + " PUNCTUAL_DB_NAME, PUNCTUAL_DB_PASSWORD, PUNCTUAL_DB_PORT, PUNCTUAL_DB_USER"),
        run.output);
  }

  private record Run(int exit, String output) {}

  /** Runs punctual connect in this JVM, its output and errors captured. */
  private static synchronized Run run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    System.setErr(capture);
    try {
      int exit = new CommandLine(new ConnectCommand()).execute(args);
      return new Run(exit, captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }
}

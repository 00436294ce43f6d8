package io.punctual.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.StatusEvent;
import io.punctual.StatusType;
import io.punctual.json.AvroJson;
import io.punctual.testkit.KafkaBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The readers of Punctual's topics, {@code punctual tail} and the console of {@code punctual dev},
 * meet records they cannot decode on the status topic (a Kafka target may write anything there):
 * they skip and count them, report them once, and go on printing.
 */
class UndecodableRecordsIT {
  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  private static final byte[] NOT_JSON =
      "written by a Kafka target".getBytes(StandardCharsets.UTF_8);
  private static final byte[] NOT_AN_EVENT = "{\"order\": 42}".getBytes(StandardCharsets.UTF_8);

  /** Creates {@code <prefix>.status} and {@code <prefix>.triggers} with one partition each. */
  private static void createTopics(String prefix) throws ExecutionException, InterruptedException {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(prefix + ".status", 1, (short) 1),
                  new NewTopic(prefix + ".triggers", 1, (short) 1)))
          .all()
          .get();
    }
  }

  /** Writes, in this order, to the status topic: an event, two undecodable records, an event. */
  private static void writeEventsAroundGarbage(String prefix) throws Exception {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", KAFKA.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      String topic = prefix + ".status";
      producer.send(new ProducerRecord<>(topic, "t1", event(StatusType.STARTED))).get();
      producer.send(new ProducerRecord<>(topic, "t1", NOT_JSON)).get();
      producer.send(new ProducerRecord<>(topic, "t1", NOT_AN_EVENT)).get();
      producer.send(new ProducerRecord<>(topic, "t1", event(StatusType.SUCCEEDED))).get();
    }
  }

  private static byte[] event(StatusType type) {
    return AvroJson.toJsonBytes(
        StatusEvent.newBuilder()
            .setType(type)
            .setTimerId("t1")
            .setInvocationId("t1@1")
            .setNamespace("default")
            .setAt(Instant.parse("2026-01-01T00:00:00Z"))
            .build());
  }

  @Test
  void shouldTailPastRecordsItCannotDecodeReportingThemOnce() throws Exception {
    // Given a status topic holding an event, two records that are no status event, an event
    createTopics("tail-garbage");
    writeEventsAroundGarbage("tail-garbage");

    // When it is tailed from the beginning for two events
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        PunctualCommandLine.of(new PunctualCli())
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(
                "tail",
                "--bootstrap-servers",
                KAFKA.bootstrapServers(),
                "--topic-prefix",
                "tail-garbage",
                "--from-beginning",
                "--max",
                "2");

    // Then both events are printed, and the skipped records are reported once, then counted
    assertEquals(0, exit, err.toString());
    List<String> lines = out.toString().lines().toList();
    assertEquals(2, lines.size(), out.toString());
    assertTrue(lines.get(0).contains("STARTED"), out.toString());
    assertTrue(lines.get(1).contains("SUCCEEDED"), out.toString());
    assertEquals(
        1,
        err.toString().lines().filter(l -> l.contains("cannot be decoded")).count(),
        err.toString());
    assertTrue(err.toString().contains("skipped 2 record(s)"), err.toString());
  }

  @Test
  void shouldKeepPrintingTheDevConsolePastRecordsItCannotDecode() throws Exception {
    // Given a status topic holding an event, two records that are no status event, an event
    createTopics("dev-garbage");
    writeEventsAroundGarbage("dev-garbage");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    // When the dev console reads it
    DevConsole console =
        new DevConsole(
            KAFKA.bootstrapServers(),
            "http://localhost:1",
            "dev-garbage.triggers",
            "dev-garbage.status",
            out,
            new PrintWriter(err, true));
    Thread reader = new Thread(console::run, "dev-console-test");
    reader.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!printed.toString(StandardCharsets.UTF_8).contains("SUCCEEDED")
        && reader.isAlive()
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    console.stop();
    reader.join(10_000);
    console.close();

    // Then it printed both outcomes, and reported the skipped records once, then their count
    String text = printed.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("outcome  STARTED"), text + err);
    assertTrue(text.contains("outcome  SUCCEEDED"), text + err);
    assertEquals(
        1,
        err.toString().lines().filter(l -> l.contains("cannot be decoded")).count(),
        err.toString());
    assertTrue(err.toString().contains("skipped 2 record(s)"), err.toString());
  }
}

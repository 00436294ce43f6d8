package io.punctual.cli;

import io.punctual.Invocation;
import io.punctual.StatusEvent;
import io.punctual.cli.client.StatusLines;
import io.punctual.cli.client.UndecodableRecords;
import io.punctual.devkit.RecordingHttpTarget;
import io.punctual.serde.PunctualDeserializer;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Prints what happens in dev mode: invocations as they are emitted, calls as the demo target
 * receives them, and outcomes as they are published. A record it cannot decode (one a Kafka target
 * wrote to the status topic, say) is skipped, counted and reported once.
 */
final class DevConsole implements AutoCloseable {
  private final KafkaConsumer<String, SpecificRecord> consumer;
  private final PrintStream out;
  private final UndecodableRecords undecodable;
  private final AtomicBoolean stopping = new AtomicBoolean();

  DevConsole(String bootstrapServers, String registryUrl, String triggers, String status) {
    this(
        bootstrapServers,
        registryUrl,
        triggers,
        status,
        System.out,
        new PrintWriter(System.err, true, StandardCharsets.UTF_8));
  }

  DevConsole(
      String bootstrapServers,
      String registryUrl,
      String triggers,
      String status,
      PrintStream out,
      PrintWriter err) {
    this.out = out;
    this.undecodable = new UndecodableRecords("punctual dev", err);
    Deserializer<SpecificRecord> values = new AnyRecord(triggers);
    values.configure(Map.of("schema.registry.url", registryUrl), false);
    consumer =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers", bootstrapServers,
                "group.id", "punctual-dev-console",
                "auto.offset.reset", "earliest",
                "isolation.level", "read_committed"),
            new StringDeserializer(),
            values);
    consumer.subscribe(List.of(triggers, status));
  }

  /** Prints each call the demo target receives. */
  static void printCall(RecordingHttpTarget.Call call) {
    System.out.printf(
        "target   %s %s Idempotency-Key=%s attempt=%s%n",
        call.method(),
        call.path(),
        call.header("Idempotency-Key"),
        call.header("Punctual-Attempt"));
  }

  /** Prints invocations and outcomes until {@link #stop()}. */
  void run() {
    try {
      while (!stopping.get()) {
        for (ConsumerRecord<String, SpecificRecord> record :
            undecodable.poll(consumer, Duration.ofMillis(200))) {
          if (record.value() instanceof Invocation invocation) {
            print(record, invocation);
          } else if (record.value() instanceof StatusEvent event) {
            print(event);
          }
        }
      }
    } catch (WakeupException e) {
      if (!stopping.get()) {
        throw e;
      }
    }
  }

  private void print(ConsumerRecord<String, SpecificRecord> record, Invocation invocation) {
    long early = invocation.getScheduledAt().toEpochMilli() - record.timestamp();
    out.printf(
        "fired    %s attempt %d (scheduled %s, emitted %s)%n",
        invocation.getInvocationId(),
        invocation.getAttempt(),
        invocation.getScheduledAt(),
        early > 0 ? early + " ms ahead" : -early + " ms after");
  }

  private void print(StatusEvent event) {
    out.println("outcome  " + StatusLines.of(event));
  }

  /** Makes {@link #run()} return; callable from another thread. */
  void stop() {
    stopping.set(true);
    consumer.wakeup();
  }

  @Override
  public void close() {
    consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    undecodable.reportCount();
  }

  /** Reads invocations from the triggers topic and status events from the other one. */
  private static final class AnyRecord implements Deserializer<SpecificRecord> {
    private final String triggers;
    private final PunctualDeserializer<Invocation> invocations =
        new PunctualDeserializer<>(Invocation.class);
    private final PunctualDeserializer<StatusEvent> events =
        new PunctualDeserializer<>(StatusEvent.class);

    AnyRecord(String triggers) {
      this.triggers = triggers;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
      invocations.configure(configs, isKey);
      events.configure(configs, isKey);
    }

    @Override
    public SpecificRecord deserialize(String topic, byte[] data) {
      return triggers.equals(topic)
          ? invocations.deserialize(topic, data)
          : events.deserialize(topic, data);
    }
  }
}

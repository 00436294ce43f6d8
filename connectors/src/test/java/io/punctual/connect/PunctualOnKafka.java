package io.punctual.connect;

import io.punctual.StatusEvent;
import io.punctual.devkit.EmbeddedKafka;
import io.punctual.devkit.RecordingHttpTarget;
import io.punctual.executor.PunctualExecutor;
import io.punctual.scheduler.PunctualScheduler;
import io.punctual.scheduler.SchedulerConfig;
import io.punctual.scheduler.TimerQueries;
import io.punctual.serde.PunctualDeserializer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Punctual with its default topic names ({@code punctual.*}, as the connector configurations name
 * them) on a real broker of its own: a scheduler, an executor allowed to call loopback, a recording
 * HTTP target, and collectors of the status events and dead letters as read committed.
 */
final class PunctualOnKafka implements AutoCloseable {
  static final String PREFIX = "punctual";

  final EmbeddedKafka kafka = EmbeddedKafka.start();
  final RecordingHttpTarget target = RecordingHttpTarget.start();
  final PunctualScheduler scheduler;
  final TimerQueries queries;
  final PunctualExecutor executor;
  final Collector<StatusEvent> status;
  final Collector<byte[]> deadLetters;

  PunctualOnKafka(Map<String, Object> executorSettings) throws Exception {
    this(Map.of(), executorSettings, null);
  }

  /**
   * With more scheduler and executor settings; status events are read through the registry at
   * {@code registryUrl} when it is not null.
   */
  PunctualOnKafka(
      Map<String, Object> schedulerSettings,
      Map<String, Object> executorSettings,
      String registryUrl)
      throws Exception {
    Map<String, Object> settings = new HashMap<>();
    settings.put("bootstrap.servers", kafka.bootstrapServers());
    settings.put("state.dir", Files.createTempDirectory("scheduler").toString());
    settings.put(SchedulerConfig.TOPICS_PARTITIONS_CONFIG, "3");
    settings.putAll(schedulerSettings);
    SchedulerConfig config = new SchedulerConfig(settings);
    scheduler = PunctualScheduler.start(config);
    if (!scheduler.awaitRunning(Duration.ofSeconds(60))) {
      throw new IllegalStateException("scheduler not running");
    }
    queries = new TimerQueries(scheduler.streams(), config);
    Map<String, Object> executorProperties = new HashMap<>();
    executorProperties.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    executorProperties.put("punctual.executor.allow-loopback", true);
    executorProperties.put("micronaut.server.port", -1);
    executorProperties.putAll(executorSettings);
    executor = PunctualExecutor.start(executorProperties);
    PunctualDeserializer<StatusEvent> events = new PunctualDeserializer<>(StatusEvent.class);
    if (registryUrl != null) {
      events.configure(Map.of("schema.registry.url", registryUrl), false);
    }
    status = new Collector<>(kafka.bootstrapServers(), PREFIX + ".status", events);
    deadLetters =
        new Collector<>(
            kafka.bootstrapServers(), PREFIX + ".dead-letters", new ByteArrayDeserializer());
  }

  /** Every record of a topic so far, as read committed. */
  static final class Collector<V> implements AutoCloseable {
    final List<ConsumerRecord<String, V>> records = new CopyOnWriteArrayList<>();
    private final KafkaConsumer<String, V> consumer;
    private final Thread thread;

    Collector(String bootstrapServers, String topic, Deserializer<V> values) {
      consumer =
          new KafkaConsumer<>(
              Map.of(
                  "bootstrap.servers",
                  bootstrapServers,
                  "group.id",
                  "collector-" + UUID.randomUUID(),
                  "auto.offset.reset",
                  "earliest",
                  "isolation.level",
                  "read_committed"),
              new StringDeserializer(),
              values);
      consumer.subscribe(List.of(topic));
      thread = new Thread(this::collect, topic + "-collector");
      thread.start();
    }

    private void collect() {
      try {
        while (true) {
          consumer.poll(Duration.ofMillis(100)).forEach(records::add);
        }
      } catch (WakeupException e) {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
      }
    }

    @Override
    public void close() {
      consumer.wakeup();
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    status.close();
    deadLetters.close();
    executor.close();
    scheduler.close();
    target.close();
    kafka.close();
  }
}

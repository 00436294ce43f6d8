package io.punctual.it;

import io.punctual.StatusEvent;
import io.punctual.StatusType;
import io.punctual.devkit.EmbeddedKafka;
import io.punctual.devkit.RecordingHttpTarget;
import io.punctual.executor.PunctualExecutor;
import io.punctual.scheduler.PunctualScheduler;
import io.punctual.scheduler.SchedulerConfig;
import io.punctual.serde.PunctualDeserializer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The whole of Punctual on one real broker: a scheduler, an executor allowed to call loopback, a
 * recording HTTP target, a producer of JSON timers and a collector of status events. Each stack has
 * its own topics.
 */
final class PunctualStack implements AutoCloseable {
  final RecordingHttpTarget target = RecordingHttpTarget.start();
  final String prefix;
  private final EmbeddedKafka kafka;
  private final PunctualScheduler scheduler;
  private final PunctualExecutor executor;
  private final KafkaProducer<String, String> producer;
  private final List<StatusEvent> events = new CopyOnWriteArrayList<>();
  private final KafkaConsumer<String, StatusEvent> statusConsumer;
  private final Thread collector;

  PunctualStack(EmbeddedKafka kafka, String prefix, Map<String, Object> executorSettings)
      throws Exception {
    this(kafka, prefix, Map.of(), executorSettings);
  }

  PunctualStack(
      EmbeddedKafka kafka,
      String prefix,
      Map<String, Object> schedulerSettings,
      Map<String, Object> executorSettings)
      throws Exception {
    this.kafka = kafka;
    this.prefix = prefix;
    Map<String, Object> settings = new HashMap<>();
    settings.put("bootstrap.servers", kafka.bootstrapServers());
    settings.put("application.id", prefix + "-scheduler");
    settings.put("state.dir", Files.createTempDirectory(prefix).toString());
    settings.put(SchedulerConfig.TOPIC_PREFIX_CONFIG, prefix);
    settings.put(SchedulerConfig.TOPICS_PARTITIONS_CONFIG, "3");
    settings.putAll(schedulerSettings);
    scheduler = PunctualScheduler.start(new SchedulerConfig(settings));
    if (!scheduler.awaitRunning(Duration.ofSeconds(60))) {
      throw new IllegalStateException("scheduler not running");
    }
    Map<String, Object> executorProperties = new HashMap<>();
    executorProperties.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    executorProperties.put("punctual.executor.topic-prefix", prefix);
    executorProperties.put("punctual.executor.group-id", prefix + "-executor");
    executorProperties.put("punctual.executor.allow-loopback", true);
    executorProperties.put("micronaut.server.port", -1);
    executorProperties.putAll(executorSettings);
    executor = PunctualExecutor.start(executorProperties);
    producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", kafka.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer());
    statusConsumer =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers",
                kafka.bootstrapServers(),
                "group.id",
                "status-" + UUID.randomUUID(),
                "auto.offset.reset",
                "earliest",
                "isolation.level",
                "read_committed"),
            new StringDeserializer(),
            new PunctualDeserializer<>(StatusEvent.class));
    statusConsumer.subscribe(List.of(prefix + ".status"));
    collector = new Thread(this::collect, prefix + "-status-collector");
    collector.start();
  }

  private void collect() {
    try {
      while (true) {
        for (ConsumerRecord<String, StatusEvent> record :
            statusConsumer.poll(Duration.ofMillis(100))) {
          events.add(record.value());
        }
      }
    } catch (WakeupException e) {
      statusConsumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
  }

  /** Defines a timer from its JSON form. */
  void define(String id, String json) {
    producer.send(new ProducerRecord<>(prefix + ".timers", id, json));
    producer.flush();
  }

  /** The status events of one timer so far, in arrival order. */
  List<StatusEvent> events(String timerId) {
    List<StatusEvent> of = new ArrayList<>();
    for (StatusEvent event : events) {
      if (event.getTimerId().equals(timerId)) {
        of.add(event);
      }
    }
    return of;
  }

  List<StatusType> types(String timerId) {
    return events(timerId).stream().map(StatusEvent::getType).toList();
  }

  /** Waits until the timer's events satisfy {@code done}; returns whether they do. */
  boolean awaitEvents(String timerId, Predicate<List<StatusEvent>> done, Duration timeout)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (done.test(events(timerId))) {
        return true;
      }
      Thread.sleep(50);
    }
    return done.test(events(timerId));
  }

  static long count(List<StatusEvent> events, StatusType type) {
    return events.stream().filter(e -> e.getType() == type).count();
  }

  @Override
  public void close() {
    statusConsumer.wakeup();
    try {
      collector.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close();
    executor.close();
    scheduler.close();
    target.close();
  }

  String bootstrapServers() {
    return kafka.bootstrapServers();
  }
}

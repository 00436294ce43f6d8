package io.punctual.cli;

import io.punctual.Invocation;
import io.punctual.devkit.EmbeddedKafka;
import io.punctual.devkit.MiniSchemaRegistry;
import io.punctual.scheduler.PunctualScheduler;
import io.punctual.scheduler.SchedulerConfig;
import io.punctual.scheduler.SettingsLoader;
import io.punctual.serde.PunctualDeserializer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code punctual dev}: a real Kafka broker, a schema registry and the scheduler in this process,
 * with demo timers whose invocations it prints. Ctrl-C stops everything.
 */
@Command(
    name = "dev",
    mixinStandardHelpOptions = true,
    description = {
      "Runs Punctual end to end in one process: a real KRaft Kafka broker, a Confluent-API schema"
          + " registry, the scheduler, and demo timers whose invocations are printed.",
      "Ctrl-C stops everything."
    })
public final class DevCommand implements Callable<Integer> {
  @Option(
      names = "--no-demo",
      description = "Do not create the demo timers; only print what fires.")
  boolean noDemo;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "A scheduler setting; repeatable.")
  List<String> sets = List.of();

  private final AtomicBoolean stopping = new AtomicBoolean();

  @Override
  public Integer call() throws Exception {
    Path stateDir = Files.createTempDirectory("punctual-dev");
    System.out.println("punctual dev: starting a Kafka broker...");
    EmbeddedKafka kafka = EmbeddedKafka.start();
    MiniSchemaRegistry registry = MiniSchemaRegistry.start(0);
    Map<String, Object> settings = new HashMap<>();
    settings.put("bootstrap.servers", kafka.bootstrapServers());
    settings.put("state.dir", stateDir.toString());
    settings.put(SchedulerConfig.OUTPUT_FORMAT_CONFIG, SchedulerConfig.OUTPUT_AVRO);
    settings.put(SchedulerConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url());
    settings.put(SchedulerConfig.TOPICS_PARTITIONS_CONFIG, "3");
    settings.putAll(SettingsLoader.load(null, Map.of(), sets));
    SchedulerConfig config = new SchedulerConfig(settings);
    PunctualScheduler scheduler = PunctualScheduler.start(config);
    System.out.printf(
        "punctual dev: Kafka at %s, schema registry at %s%n"
            + "punctual dev: produce JSON timers to %s keyed by timer id; Ctrl-C stops%n",
        kafka.bootstrapServers(), registry.url(), config.topics().timers());
    CountDownLatch stopped = new CountDownLatch(1);
    KafkaConsumer<String, Invocation> consumer = triggersConsumer(kafka, registry);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stopping.set(true);
                  consumer.wakeup();
                  awaitQuietly(stopped);
                  System.out.println("punctual dev: stopping the scheduler...");
                  scheduler.close();
                  registry.close();
                  kafka.close();
                  System.out.println("punctual dev: stopped");
                },
                "punctual-dev-shutdown"));
    if (!noDemo) {
      createDemoTimers(kafka, config.topics().timers());
    }
    try {
      printInvocations(consumer, config.topics().triggers());
    } finally {
      consumer.close(Duration.ofSeconds(5));
      stopped.countDown();
    }
    return 0;
  }

  private static KafkaConsumer<String, Invocation> triggersConsumer(
      EmbeddedKafka kafka, MiniSchemaRegistry registry) {
    PunctualDeserializer<Invocation> values = new PunctualDeserializer<>(Invocation.class);
    values.configure(Map.of("schema.registry.url", registry.url()), false);
    return new KafkaConsumer<>(
        Map.of(
            "bootstrap.servers", kafka.bootstrapServers(),
            "group.id", "punctual-dev-printer",
            "auto.offset.reset", "earliest",
            "isolation.level", "read_committed"),
        new StringDeserializer(),
        values);
  }

  private void printInvocations(KafkaConsumer<String, Invocation> consumer, String triggers) {
    consumer.subscribe(List.of(triggers));
    try {
      while (!stopping.get()) {
        for (ConsumerRecord<String, Invocation> record : consumer.poll(Duration.ofMillis(200))) {
          Invocation invocation = record.value();
          long lateness = record.timestamp() - invocation.getScheduledAt().toEpochMilli();
          System.out.printf(
              "fired %s (scheduled %s, emitted %+d ms) -> %s%n",
              invocation.getInvocationId(),
              invocation.getScheduledAt(),
              lateness,
              invocation.getTarget());
        }
      }
    } catch (WakeupException e) {
      if (!stopping.get()) {
        throw e;
      }
    }
  }

  private static void createDemoTimers(EmbeddedKafka kafka, String timers) {
    Instant soon = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
    Map<String, String> demos =
        Map.of(
            "demo-every-5s",
            "{\"schedule\": {\"every\": \"PT5S\"},"
                + " \"target\": {\"kafka\": {\"topic\": \"punctual.demo\", \"value\": \"tick\"}}}",
            "demo-cron-10s",
            "{\"schedule\": {\"cron\": \"0/10 * * * * ?\", \"timeZone\": \"Europe/Paris\"},"
                + " \"target\": {\"http\": {\"url\": \"http://localhost:8081/hook\"}}}",
            "demo-once",
            "{\"schedule\": {\"at\": \""
                + soon
                + "\"}, \"target\": {\"kafka\": {\"topic\": \"punctual.demo\"}}}");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", kafka.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      demos.forEach(
          (id, json) -> {
            producer.send(new ProducerRecord<>(timers, id, json));
            System.out.println("punctual dev: created timer " + id + " " + json);
          });
      producer.flush();
    }
    System.out.println("punctual dev: waiting for firings...");
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

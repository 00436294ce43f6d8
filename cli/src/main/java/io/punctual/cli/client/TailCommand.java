package io.punctual.cli.client;

import io.punctual.StatusEvent;
import io.punctual.json.AvroJson;
import io.punctual.serde.PunctualDeserializer;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code punctual tail}: follows {@code <prefix>.status} (read_committed, without a consumer group)
 * and prints each event as a line, human-readable or JSON. Records that are not status events are
 * skipped and counted ({@link UndecodableRecords}).
 */
@Command(
    name = "tail",
    mixinStandardHelpOptions = true,
    description = {
      "Follows the status topic and prints each event: firings, outcomes, rejections, commands.",
      "With --topic, follows any topic instead (e.g. where delayed records are delivered).",
      "Reads Kafka directly (read_committed, no consumer group); Ctrl-C stops."
    })
public final class TailCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin KafkaOptions kafka;

  @Option(
      names = "--schema-registry-url",
      paramLabel = "URL",
      defaultValue = "${env:PUNCTUAL_SCHEMA_REGISTRY_URL}",
      description = "Schema registry, to read Avro events (env PUNCTUAL_SCHEMA_REGISTRY_URL).")
  String registryUrl;

  @Option(
      names = "--topic",
      paramLabel = "TOPIC",
      description =
          "Follow this topic instead (e.g. a destination of delayed records): each record with its"
              + " key, value and headers.")
  String topic;

  @Option(names = "--timer", paramLabel = "ID", description = "Only this timer's events.")
  String timerId;

  @Option(names = "--namespace", paramLabel = "NS", description = "Only this namespace.")
  String namespace;

  @Option(names = "--from-beginning", description = "Start at the oldest event, not the next.")
  boolean fromBeginning;

  @Option(names = "--json", description = "One JSON object per line.")
  boolean json;

  @Option(names = "--max", paramLabel = "N", description = "Stop after N events.")
  Long max;

  @Override
  public Integer call() {
    if (topic != null) {
      return followTopic();
    }
    KafkaConsumer<String, StatusEvent> consumer = consumer();
    UndecodableRecords undecodable =
        new UndecodableRecords("punctual tail", spec.commandLine().getErr());
    Thread stop = new Thread(consumer::wakeup, "punctual-tail-stop");
    Runtime.getRuntime().addShutdownHook(stop);
    try {
      follow(consumer, undecodable, spec.commandLine().getOut());
    } catch (WakeupException e) {
      // Ctrl-C
    } finally {
      spec.commandLine().getOut().flush();
      undecodable.reportCount();
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
      removeHook(stop);
    }
    return 0;
  }

  private void follow(
      KafkaConsumer<String, StatusEvent> consumer,
      UndecodableRecords undecodable,
      PrintWriter out) {
    String topic = kafka.prefix + ".status";
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic).stream()
            .map(info -> new TopicPartition(topic, info.partition()))
            .toList();
    if (partitions.isEmpty()) {
      throw new ClientException("no topic " + topic + " at " + kafka.bootstrapServers);
    }
    consumer.assign(partitions);
    if (fromBeginning) {
      consumer.seekToBeginning(partitions);
    } else {
      consumer.seekToEnd(partitions);
    }
    long printed = 0;
    while (max == null || printed < max) {
      for (ConsumerRecord<String, StatusEvent> record :
          undecodable.poll(consumer, Duration.ofMillis(500))) {
        if (shown(record.value()) && (max == null || printed < max)) {
          out.println(json ? AvroJson.toJson(record.value()) : line(record.value()));
          printed++;
        }
      }
      out.flush();
    }
  }

  private int followTopic() {
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            consumerConfig(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    Thread stop = new Thread(consumer::wakeup, "punctual-tail-stop");
    Runtime.getRuntime().addShutdownHook(stop);
    try {
      new TopicTail(consumer, json).follow(topic, fromBeginning, max, spec.commandLine().getOut());
    } catch (WakeupException e) {
      // Ctrl-C
    } finally {
      spec.commandLine().getOut().flush();
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
      removeHook(stop);
    }
    return 0;
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook has run
    }
  }

  private Map<String, Object> consumerConfig() {
    Map<String, Object> config = new HashMap<>();
    config.put("bootstrap.servers", kafka.bootstrapServers);
    config.put("isolation.level", "read_committed");
    config.put("enable.auto.commit", false);
    config.put("client.id", "punctual-tail");
    return config;
  }

  private KafkaConsumer<String, StatusEvent> consumer() {
    Map<String, Object> config = consumerConfig();
    PunctualDeserializer<StatusEvent> values = new PunctualDeserializer<>(StatusEvent.class);
    if (registryUrl != null && !registryUrl.isBlank()) {
      values.configure(Map.of("schema.registry.url", registryUrl), false);
    }
    return new KafkaConsumer<>(config, new StringDeserializer(), values);
  }

  private boolean shown(StatusEvent event) {
    return event != null
        && (timerId == null || timerId.equals(event.getTimerId()))
        && (namespace == null || namespace.equals(event.getNamespace()));
  }

  private static String line(StatusEvent event) {
    return event.getAt() + "  " + StatusLines.of(event);
  }
}

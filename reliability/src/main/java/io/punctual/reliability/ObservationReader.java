package io.punctual.reliability;

import io.punctual.Invocation;
import io.punctual.InvocationHeaders;
import io.punctual.StatusEvent;
import io.punctual.TimerDefinition;
import io.punctual.serde.PunctualDeserializer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a run's {@link Observations} from the topics (read_committed) and the target's log. */
final class ObservationReader {
  private final String bootstrap;
  private final Cluster.Settings settings;
  private final Path targetLog;

  ObservationReader(String bootstrap, Cluster.Settings settings, Path targetLog) {
    this.bootstrap = bootstrap;
    this.settings = settings;
    this.targetLog = targetLog;
  }

  /** Everything up to the topics' current ends. */
  Observations read() {
    List<Observations.Definition> definitions = new ArrayList<>();
    List<Observations.Trigger> triggers = new ArrayList<>();
    List<Observations.Status> status = new ArrayList<>();
    List<Observations.Action> actions = new ArrayList<>();
    var definitionValues = new PunctualDeserializer<>(TimerDefinition.class);
    var invocations = new PunctualDeserializer<>(Invocation.class);
    var events = new PunctualDeserializer<>(StatusEvent.class);
    readAll(
        settings.topics().timers(),
        r ->
            definitions.add(
                new Observations.Definition(
                    key(r),
                    r.partition(),
                    r.offset(),
                    r.timestamp(),
                    definitionValues.deserialize(r.topic(), r.value()))));
    readAll(
        settings.topics().triggers(),
        r -> {
          Invocation invocation = invocations.deserialize(r.topic(), r.value());
          if (!invocation.getCancel()) {
            triggers.add(
                new Observations.Trigger(
                    invocation.getInvocationId(),
                    invocation.getTimerId(),
                    r.partition(),
                    r.offset(),
                    invocation.getScheduledAt().toEpochMilli(),
                    invocation.getEmittedAt().toEpochMilli(),
                    invocation.getAttempt(),
                    invocation.getLabels().get(Workload.VERSION_LABEL)));
          }
        });
    readAll(
        settings.topics().status(),
        r -> {
          StatusEvent event = events.deserialize(r.topic(), r.value());
          status.add(
              new Observations.Status(
                  event.getType(),
                  event.getTimerId(),
                  event.getInvocationId(),
                  event.getAttempt(),
                  event.getScheduledAt() == null ? null : event.getScheduledAt().toEpochMilli(),
                  event.getFinishedAt() == null ? null : event.getFinishedAt().toEpochMilli(),
                  event.getAt().toEpochMilli(),
                  r.partition(),
                  r.offset()));
        });
    readAll(
        settings.deliveries(),
        r ->
            actions.add(
                new Observations.Action(
                    "kafka",
                    header(r, InvocationHeaders.INVOCATION_ID),
                    Integer.parseInt(header(r, InvocationHeaders.ATTEMPT)),
                    header(r, InvocationHeaders.TIMER_ID),
                    Long.parseLong(header(r, InvocationHeaders.SCHEDULED_AT)),
                    r.timestamp())));
    if (Files.exists(targetLog)) {
      for (TargetLog.Call call : TargetLog.read(targetLog)) {
        actions.add(
            new Observations.Action(
                "http",
                call.key(),
                call.attempt(),
                call.timerId(),
                call.scheduledMs(),
                call.arrivedMs()));
      }
    }
    return new Observations(definitions, triggers, status, actions);
  }

  /** Every committed record of {@code topic} up to its end when the read starts, in order. */
  private void readAll(String topic, Consumer<ConsumerRecord<byte[], byte[]>> each) {
    Map<String, Object> props =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ConsumerConfig.GROUP_ID_CONFIG,
            "checker-" + UUID.randomUUID(),
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed",
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
            5_000,
            ConsumerConfig.FETCH_MAX_BYTES_CONFIG,
            50 * 1024 * 1024);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor(topic)
          .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        consumer.poll(Duration.ofMillis(500)).forEach(each);
      }
    }
  }

  private static String key(ConsumerRecord<byte[], byte[]> record) {
    return new String(record.key(), StandardCharsets.UTF_8);
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
  }
}

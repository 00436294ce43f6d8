package io.punctual.reliability;

import io.punctual.Invocation;
import io.punctual.InvocationHeaders;
import io.punctual.StatusEvent;
import io.punctual.TimerCommand;
import io.punctual.TimerDefinition;
import io.punctual.serde.PunctualDeserializer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

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
    List<Observations.Command> commands = new ArrayList<>();
    List<Observations.Trigger> triggers = new ArrayList<>();
    List<Observations.Status> status = new ArrayList<>();
    List<Observations.Action> actions = new ArrayList<>();
    var definitionValues = new PunctualDeserializer<>(TimerDefinition.class);
    var commandValues = new PunctualDeserializer<>(TimerCommand.class);
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
        settings.topics().commands(),
        r -> {
          TimerCommand command = commandValues.deserialize(r.topic(), r.value());
          commands.add(new Observations.Command(key(r), command.getType(), r.timestamp()));
        });
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
        r -> {
          // the scheduler writes a Kafka target's record in the firing's transaction: the record
          // is both the firing (a trigger, emitted when the broker appended it) and its action
          String invocationId = CommittedReader.header(r, InvocationHeaders.INVOCATION_ID);
          String timerId = CommittedReader.header(r, InvocationHeaders.TIMER_ID);
          int attempt = Integer.parseInt(CommittedReader.header(r, InvocationHeaders.ATTEMPT));
          long scheduledAt =
              Long.parseLong(CommittedReader.header(r, InvocationHeaders.SCHEDULED_AT));
          String value = new String(r.value(), StandardCharsets.UTF_8);
          triggers.add(
              new Observations.Trigger(
                  invocationId,
                  timerId,
                  r.partition(),
                  r.offset(),
                  scheduledAt,
                  r.timestamp(),
                  attempt,
                  value.startsWith("v") ? value.substring(1) : value));
          actions.add(
              new Observations.Action(
                  "kafka", invocationId, attempt, timerId, scheduledAt, r.timestamp()));
        });
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
    List<ConsumerRecord<byte[], byte[]>> delayed = new ArrayList<>();
    readAll(settings.topics().delayed(), delayed::add);
    List<ConsumerRecord<byte[], byte[]>> delayedDeliveries = new ArrayList<>();
    readAll(settings.delayedDeliveries(), delayedDeliveries::add);
    return new Observations(
        definitions, commands, triggers, status, actions, delayed, delayedDeliveries);
  }

  private void readAll(String topic, Consumer<ConsumerRecord<byte[], byte[]>> each) {
    CommittedReader.readToEnd(bootstrap, topic, each);
  }

  private static String key(ConsumerRecord<byte[], byte[]> record) {
    return new String(record.key(), StandardCharsets.UTF_8);
  }
}

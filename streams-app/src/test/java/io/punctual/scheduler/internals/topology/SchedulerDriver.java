package io.punctual.scheduler.internals.topology;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.punctual.CommandType;
import io.punctual.Invocation;
import io.punctual.StatusEvent;
import io.punctual.TimerCommand;
import io.punctual.scheduler.SchedulerConfig;
import io.punctual.scheduler.internals.NodeNames;
import io.punctual.scheduler.internals.deliver.Destinations;
import io.punctual.scheduler.internals.state.TimerState;
import io.punctual.serde.JsonRecordSerializer;
import io.punctual.serde.PunctualDeserializer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.LongSupplier;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The scheduler topology in a {@link TopologyTestDriver} with a controlled wall clock, JSON output,
 * and helpers to define timers and read what fired.
 */
final class SchedulerDriver implements AutoCloseable {
  final SchedulerConfig config;
  final TopologyTestDriver driver;
  final TestInputTopic<String, String> timers;
  final TestInputTopic<byte[], byte[]> rawTimers;
  final TestOutputTopic<String, Invocation> triggers;
  final TestOutputTopic<String, StatusEvent> status;
  final TestOutputTopic<byte[], byte[]> deadLetters;
  final TestInputTopic<String, StatusEvent> outcomes;
  final TestInputTopic<byte[], byte[]> rawOutcomes;
  final TestInputTopic<String, TimerCommand> commands;
  final TestInputTopic<String, String> jsonCommands;
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private Instant now;

  /** A punctuation's budget never runs out: each run fires all that is due, as the tests expect. */
  SchedulerDriver(Instant start, Map<String, String> overrides) {
    this(start, overrides, () -> 0L);
  }

  /** With the monotonic clock that bounds each punctuation's run. */
  SchedulerDriver(Instant start, Map<String, String> overrides, LongSupplier nanoTime) {
    this(start, overrides, nanoTime, Destinations.allExist());
  }

  /** With what the cluster says of the topics Kafka targets name. */
  SchedulerDriver(Instant start, Map<String, String> overrides, Destinations destinations) {
    this(start, overrides, () -> 0L, destinations);
  }

  private SchedulerDriver(
      Instant start,
      Map<String, String> overrides,
      LongSupplier nanoTime,
      Destinations destinations) {
    Map<String, Object> settings = new HashMap<>();
    settings.put("bootstrap.servers", "unused:9092");
    settings.put(SchedulerConfig.INSTANCE_ID_CONFIG, "test");
    settings.putAll(overrides);
    config = new SchedulerConfig(settings);
    Properties properties = new Properties();
    properties.putAll(config.streamsProperties());
    properties.put(
        "state.dir", System.getProperty("java.io.tmpdir") + "/punctual-ttd-" + System.nanoTime());
    driver =
        new TopologyTestDriver(
            SchedulerTopology.build(config, meters, destinations, nanoTime), properties, start);
    now = start;
    timers =
        driver.createInputTopic(
            config.topics().timers(), new StringSerializer(), new StringSerializer());
    rawTimers =
        driver.createInputTopic(
            config.topics().timers(), new ByteArraySerializer(), new ByteArraySerializer());
    triggers =
        driver.createOutputTopic(
            config.topics().triggers(),
            new StringDeserializer(),
            new PunctualDeserializer<>(Invocation.class));
    status =
        driver.createOutputTopic(
            config.topics().status(),
            new StringDeserializer(),
            new PunctualDeserializer<>(StatusEvent.class));
    deadLetters =
        driver.createOutputTopic(
            config.topics().deadLetters(),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    outcomes =
        driver.createInputTopic(
            config.topics().status(), new StringSerializer(), new JsonRecordSerializer<>());
    rawOutcomes =
        driver.createInputTopic(
            config.topics().status(), new ByteArraySerializer(), new ByteArraySerializer());
    commands =
        driver.createInputTopic(
            config.topics().commands(), new StringSerializer(), new JsonRecordSerializer<>());
    jsonCommands =
        driver.createInputTopic(
            config.topics().commands(), new StringSerializer(), new StringSerializer());
  }

  SchedulerDriver(Instant start) {
    this(start, Map.of());
  }

  /** Defines (or with null, deletes) a timer, with the record timestamp at the current time. */
  void define(String id, String json) {
    timers.pipeInput(id, json, now);
  }

  /**
   * Defines a timer with an older record timestamp: a record the task applies late, e.g. after
   * catching up on a backlog of due firings.
   */
  void define(String id, String json, Instant timestamp) {
    timers.pipeInput(id, json, timestamp);
  }

  /**
   * Publishes a status event as the executor would: JSON, keyed by timer id, at the current time.
   */
  void report(StatusEvent event) {
    outcomes.pipeInput(event.getTimerId(), event, now);
  }

  /** Sends a command about {@code timerId}, as JSON, at the current time. */
  void command(CommandType type, String timerId, String commandId) {
    command(type, timerId, commandId, null, null);
  }

  /** Sends a command with a range (for a backfill), as JSON, at the current time. */
  void command(CommandType type, String timerId, String commandId, Instant from, Instant to) {
    TimerCommand command =
        TimerCommand.newBuilder()
            .setType(type)
            .setTimerId(timerId)
            .setCommandId(commandId)
            .setRequestedAt(now)
            .setFrom(from)
            .setTo(to)
            .build();
    commands.pipeInput(timerId, command, now);
  }

  /** What the timers store holds for an id: a timer's state, a deleted timer's marker, or null. */
  TimerState stored(String timerId) {
    KeyValueStore<String, TimerState> timers = driver.getKeyValueStore(NodeNames.TIMERS_STORE);
    return timers.get(timerId);
  }

  /** The history store, as the interactive queries read it. */
  KeyValueStore<Bytes, byte[]> history() {
    return driver.getKeyValueStore(NodeNames.HISTORY_STORE);
  }

  /** Moves the wall clock to {@code until} in steps, punctuating after each. */
  void advanceTo(Instant until, Duration step) {
    while (now.isBefore(until)) {
      Duration next = Duration.between(now, until);
      Duration by = next.compareTo(step) < 0 ? next : step;
      driver.advanceWallClockTime(by);
      now = now.plus(by);
    }
  }

  void advanceBy(Duration by, Duration step) {
    advanceTo(now.plus(by), step);
  }

  Instant now() {
    return now;
  }

  /** Every invocation emitted since the last call, as records (key, value, timestamp, headers). */
  List<TestRecord<String, Invocation>> firedRecords() {
    return triggers.readRecordsToList();
  }

  /** The scheduled instants of the invocations emitted since the last call. */
  List<Instant> fired() {
    List<Instant> instants = new ArrayList<>();
    for (TestRecord<String, Invocation> record : firedRecords()) {
      instants.add(record.value().getScheduledAt());
    }
    return instants;
  }

  /** The records written to a Kafka target's topic since the last call. */
  List<TestRecord<byte[], byte[]>> delivered(String topic) {
    return driver
        .createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer())
        .readRecordsToList();
  }

  List<StatusEvent> statusEvents() {
    return status.readValuesToList();
  }

  @Override
  public void close() {
    driver.close();
  }
}

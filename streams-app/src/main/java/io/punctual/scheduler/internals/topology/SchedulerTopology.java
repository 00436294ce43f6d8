package io.punctual.scheduler.internals.topology;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.punctual.StatusEvent;
import io.punctual.TimerCommand;
import io.punctual.scheduler.SchedulerActivity;
import io.punctual.scheduler.SchedulerConfig;
import io.punctual.scheduler.Topics;
import io.punctual.scheduler.internals.NodeNames;
import io.punctual.scheduler.internals.commands.TimerCommandProcessor;
import io.punctual.scheduler.internals.delay.DelayTopology;
import io.punctual.scheduler.internals.deliver.Delivery;
import io.punctual.scheduler.internals.deliver.Destinations;
import io.punctual.scheduler.internals.feedback.OutcomeFeedbackProcessor;
import io.punctual.scheduler.internals.intake.CommandIntake;
import io.punctual.scheduler.internals.intake.IntakeProcessor;
import io.punctual.scheduler.internals.intake.TimerIntake;
import io.punctual.scheduler.internals.metrics.SchedulerMeters;
import io.punctual.scheduler.internals.scheduling.DueIndexes;
import io.punctual.scheduler.internals.scheduling.InputPaces;
import io.punctual.scheduler.internals.scheduling.KafkaDeliveries;
import io.punctual.scheduler.internals.scheduling.SchedulingSettings;
import io.punctual.scheduler.internals.scheduling.TimerSchedulerProcessor;
import io.punctual.scheduler.internals.state.TimerStateSerde;
import java.util.function.LongSupplier;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the scheduler topology: one function, called by the application and by the tests.
 *
 * <pre>
 * punctual.timers → timer-intake ─┬→ timer-scheduler ─┬→ punctual.triggers
 *                   [history]     │   [timers]         ├→ punctual.status
 *                                 │   [due-index]      ├→ (each Kafka target's topic)
 *                                 │   [history]        └→ punctual.dead-letters
 *                                 ├→ punctual.dead-letters
 *                                 └→ punctual.status
 * punctual.commands → command-intake ─┬→ timer-commands ─┬→ punctual.triggers
 *                     [history]       │   [timers]        ├→ punctual.status
 *                                     │   [due-index]     ├→ (each Kafka target's topic)
 *                                     │   [history]       └→ punctual.dead-letters
 *                                     ├→ punctual.dead-letters
 *                                     └→ punctual.status
 * punctual.status → outcome-feedback → punctual.status
 *                     [timers] [due-index] [history]
 * punctual.delayed → delay-scheduler ─┬→ (each record's destination)
 *                    [delayed-records] └→ punctual.dead-letters
 * </pre>
 *
 * <p>The timers and due-index stores are shared by the three processors that change a timer, all in
 * one sub-topology: the timers, commands and status topics are co-partitioned, so one task owns a
 * timer, its commands and its outcomes. The status topic is both a sink and a source: every
 * processor that publishes a status event keeps it in the timer's history in the same transaction,
 * and the feedback reads the executor's outcomes into the schedule and the history, and passes over
 * the scheduler's own events undecoded, so nothing loops. A timer with a Kafka target is not sent
 * to the executor: its record is written to its topic in the transaction of the firing ({@link
 * KafkaDeliveries}). Delayed records are a sub-topology of their own ({@link DelayTopology}).
 */
public final class SchedulerTopology {
  private SchedulerTopology() {}

  /**
   * The topology for these settings, with its meters in a registry of its own, for its description
   * and the test driver: every destination of a delayed record exists.
   */
  public static Topology build(SchedulerConfig config) {
    return build(config, new SimpleMeterRegistry());
  }

  /**
   * The topology for these settings, with its meters ({@link SchedulerMeters}) in {@code meters},
   * for the test driver: every destination of a delayed record exists.
   */
  public static Topology build(SchedulerConfig config, MeterRegistry meters) {
    return build(config, meters, Destinations.allExist(), System::nanoTime);
  }

  /**
   * The topology for these settings, with its meters in {@code meters}, asking {@code destinations}
   * where delayed records can go.
   */
  public static Topology build(
      SchedulerConfig config, MeterRegistry meters, Destinations destinations) {
    return build(config, meters, destinations, System::nanoTime);
  }

  /**
   * The topology with the monotonic clock (nanoseconds) that bounds each punctuation's run, for
   * tests that control it.
   */
  public static Topology build(
      SchedulerConfig config,
      MeterRegistry meters,
      Destinations destinations,
      LongSupplier nanoTime) {
    return build(
        config, meters, new SchedulerActivity(System::currentTimeMillis), destinations, nanoTime);
  }

  /**
   * The topology for these settings, with its meters in {@code meters} and its activity per minute
   * and namespace in {@code activity}, asking {@code destinations} where delayed records can go.
   */
  public static Topology build(
      SchedulerConfig config,
      MeterRegistry meters,
      SchedulerActivity activity,
      Destinations destinations,
      LongSupplier nanoTime) {
    Topology topology =
        build(
            config,
            TopologySerdes.timersDeserializer(config),
            TopologySerdes.outputSerializer(config),
            new SchedulerMeters(meters, config.lookaheadMs(), activity),
            activity,
            destinations,
            nanoTime);
    DelayTopology.addTo(
        topology,
        config,
        destinations,
        meters,
        nanoTime,
        TopologySerdes.stringKeys(),
        TopologySerdes.outputSerializer(config));
    return topology;
  }

  private static Topology build(
      SchedulerConfig config,
      Deserializer<?> timersDeserializer,
      Serializer<Object> output,
      SchedulerMeters meters,
      SchedulerActivity activity,
      Destinations destinations,
      LongSupplier nanoTime) {
    Topics topics = config.topics();
    DueIndexes indexes = new DueIndexes();
    InputPaces paces =
        new InputPaces(config.inputLagMs(), config.punctuateShareWhenInputLags(), nanoTime);
    SchedulingSettings settings =
        new SchedulingSettings(
            config.punctuateInterval(),
            config.punctuateBudgetMs(),
            config.lookaheadMs(),
            config.misfireThresholdMs(),
            config.misfireFireAllMax(),
            config.misfireMaxEvents(),
            config.backfillMaxFirings(),
            config.historySize(),
            config.instanceId(),
            new KafkaDeliveries.Targets(
                config.delayDestinations(), destinations, config.punctuateInterval().toMillis()),
            activity);
    Topology topology = new Topology();
    topology.addSource(
        NodeNames.TIMERS_SOURCE,
        Serdes.ByteArray().deserializer(),
        Serdes.ByteArray().deserializer(),
        topics.timers());
    topology.addProcessor(
        NodeNames.TIMER_INTAKE,
        () ->
            new IntakeProcessor<>(
                "timer record",
                new TimerIntake(timersDeserializer, config.reservedTopics()),
                NodeNames.TIMER_SCHEDULER,
                config.maxRecordBytes(),
                settings,
                paces),
        NodeNames.TIMERS_SOURCE);
    topology.addProcessor(
        NodeNames.TIMER_SCHEDULER,
        () -> new TimerSchedulerProcessor(settings, meters, nanoTime, indexes, paces),
        NodeNames.TIMER_INTAKE);
    topology.addSource(
        NodeNames.COMMANDS_SOURCE,
        Serdes.ByteArray().deserializer(),
        Serdes.ByteArray().deserializer(),
        topics.commands());
    Deserializer<TimerCommand> commandsDeserializer = TopologySerdes.commandsDeserializer(config);
    topology.addProcessor(
        NodeNames.COMMAND_INTAKE,
        () ->
            new IntakeProcessor<>(
                "command",
                new CommandIntake(commandsDeserializer),
                NodeNames.TIMER_COMMANDS,
                config.maxRecordBytes(),
                settings,
                paces),
        NodeNames.COMMANDS_SOURCE);
    topology.addProcessor(
        NodeNames.TIMER_COMMANDS,
        () -> new TimerCommandProcessor(settings, meters, indexes),
        NodeNames.COMMAND_INTAKE);
    topology.addSource(
        NodeNames.STATUS_SOURCE,
        Serdes.ByteArray().deserializer(),
        Serdes.ByteArray().deserializer(),
        topics.status());
    Deserializer<StatusEvent> statusDeserializer = TopologySerdes.statusDeserializer(config);
    topology.addProcessor(
        NodeNames.OUTCOME_FEEDBACK,
        () ->
            new OutcomeFeedbackProcessor(
                statusDeserializer,
                settings.instance(),
                settings.historySize(),
                settings.activity(),
                meters,
                indexes,
                paces,
                settings.kafkaTargets()),
        NodeNames.STATUS_SOURCE);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(NodeNames.TIMERS_STORE),
            Serdes.String(),
            new TimerStateSerde()),
        NodeNames.TIMER_INTAKE,
        NodeNames.TIMER_SCHEDULER,
        NodeNames.TIMER_COMMANDS,
        NodeNames.OUTCOME_FEEDBACK);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(NodeNames.DUE_INDEX_STORE),
            Serdes.Bytes(),
            Serdes.ByteArray()),
        NodeNames.TIMER_SCHEDULER,
        NodeNames.TIMER_COMMANDS,
        NodeNames.OUTCOME_FEEDBACK);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(NodeNames.HISTORY_STORE),
            Serdes.Bytes(),
            Serdes.ByteArray()),
        NodeNames.TIMER_INTAKE,
        NodeNames.TIMER_SCHEDULER,
        NodeNames.COMMAND_INTAKE,
        NodeNames.TIMER_COMMANDS,
        NodeNames.OUTCOME_FEEDBACK);
    Serializer<Object> key = TopologySerdes.stringKeys();
    topology.addSink(
        NodeNames.TRIGGERS_SINK,
        topics.triggers(),
        key,
        output,
        NodeNames.TIMER_SCHEDULER,
        NodeNames.TIMER_COMMANDS);
    topology.addSink(
        NodeNames.STATUS_SINK,
        topics.status(),
        key,
        output,
        NodeNames.TIMER_INTAKE,
        NodeNames.TIMER_SCHEDULER,
        NodeNames.COMMAND_INTAKE,
        NodeNames.TIMER_COMMANDS,
        NodeNames.OUTCOME_FEEDBACK);
    topology.addSink(
        NodeNames.DEAD_LETTERS_SINK,
        topics.deadLetters(),
        TopologySerdes.rawBytes(),
        TopologySerdes.rawBytes(),
        NodeNames.TIMER_INTAKE,
        NodeNames.COMMAND_INTAKE,
        NodeNames.TIMER_SCHEDULER,
        NodeNames.TIMER_COMMANDS);
    topology.addSink(
        NodeNames.KAFKA_TARGETS_SINK,
        Delivery.destinations(),
        Serdes.ByteArray().serializer(),
        Delivery.values(),
        NodeNames.TIMER_SCHEDULER,
        NodeNames.TIMER_COMMANDS);
    return topology;
  }
}

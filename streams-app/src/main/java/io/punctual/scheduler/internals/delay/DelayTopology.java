package io.punctual.scheduler.internals.delay;

import io.micrometer.core.instrument.MeterRegistry;
import io.punctual.scheduler.SchedulerConfig;
import io.punctual.scheduler.internals.NodeNames;
import io.punctual.scheduler.internals.deliver.Delivery;
import io.punctual.scheduler.internals.deliver.Destinations;
import java.util.function.LongSupplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The sub-topology of delayed records, on its own: the delay topic is keyed by the producers' keys,
 * not by timer id, so it shares no task with the timers.
 *
 * <pre>
 * punctual.delayed → delay-scheduler ─┬→ (each record's destination)
 *                    [delayed-records] ├→ punctual.dead-letters
 *                                      └→ punctual.delayed.status (when turned on)
 * </pre>
 */
public final class DelayTopology {
  private DelayTopology() {}

  /**
   * Adds the delayed records' nodes and store to {@code topology}; their status events, when turned
   * on, are written with {@code keys} and {@code events}, as the timers' are.
   */
  public static void addTo(
      Topology topology,
      SchedulerConfig config,
      Destinations destinations,
      MeterRegistry registry,
      LongSupplier nanoTime,
      Serializer<Object> keys,
      Serializer<Object> events) {
    DelaySettings settings =
        new DelaySettings(
            config.topics().delayed(),
            config.delayDestinations(),
            config.delayMaxHorizonMs(),
            config.delayMaxRecordBytes(),
            config.punctuateInterval(),
            config.punctuateBudgetMs(),
            config.delayStatusEvents(),
            config.instanceId());
    DelayMeters meters = new DelayMeters(registry);
    topology.addSource(
        NodeNames.DELAYED_SOURCE,
        Serdes.ByteArray().deserializer(),
        Serdes.ByteArray().deserializer(),
        settings.delayTopic());
    topology.addProcessor(
        NodeNames.DELAY_SCHEDULER,
        () -> new DelayProcessor(settings, destinations, meters, nanoTime),
        NodeNames.DELAYED_SOURCE);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(NodeNames.DELAYED_STORE),
            Serdes.Bytes(),
            Serdes.ByteArray()),
        NodeNames.DELAY_SCHEDULER);
    topology.addSink(
        NodeNames.DELIVERIES_SINK,
        Delivery.destinations(),
        Serdes.ByteArray().serializer(),
        Delivery.values(),
        NodeNames.DELAY_SCHEDULER);
    if (settings.statusEvents()) {
      topology.addSink(
          NodeNames.DELAYED_STATUS_SINK,
          config.topics().delayedStatus(),
          keys,
          events,
          NodeNames.DELAY_SCHEDULER);
    }
    topology.addSink(
        NodeNames.DELAYED_DEAD_LETTERS_SINK,
        config.topics().deadLetters(),
        Serdes.ByteArray().serializer(),
        Serdes.ByteArray().serializer(),
        NodeNames.DELAY_SCHEDULER);
  }
}

package io.punctual.api.internal;

import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.punctual.scheduler.PunctualScheduler;
import io.punctual.scheduler.SchedulerActivity;
import io.punctual.scheduler.SchedulerConfig;
import io.punctual.scheduler.Topics;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;

/** The scheduler instance this API serves, its settings, and its own address among its peers. */
public final class SchedulerBinding {
  private final PunctualScheduler scheduler;
  private final SchedulerConfig config;
  private final HostInfo self;

  public SchedulerBinding(PunctualScheduler scheduler, SchedulerConfig config) {
    this.scheduler = scheduler;
    this.config = config;
    Object server = config.streamsProperties().get(StreamsConfig.APPLICATION_SERVER_CONFIG);
    this.self =
        server == null || server.toString().isBlank()
            ? null
            : HostInfo.buildFromEndpoint(server.toString());
  }

  public KafkaStreams streams() {
    return scheduler.streams();
  }

  /** The scheduler's own meters, to be published by the API's registry. */
  public CompositeMeterRegistry meters() {
    return scheduler.meters();
  }

  /** What the scheduler fired and the outcomes it kept, per minute of the last hour. */
  public SchedulerActivity activity() {
    return scheduler.activity();
  }

  public SchedulerConfig config() {
    return config;
  }

  public Topics topics() {
    return config.topics();
  }

  /**
   * A consumer of raw records in no consumer group, read_committed and never committing, with the
   * scheduler's client settings: how the API reads Punctual's topics itself (live events, dead
   * letters), positioning it where it needs.
   *
   * @param clientId its client id
   * @param overrides consumer settings of this use
   */
  public KafkaConsumer<byte[], byte[]> groupLessConsumer(
      String clientId, Map<String, Object> overrides) {
    Map<String, Object> settings =
        new HashMap<>(
            new StreamsConfig(config.streamsProperties()).getGlobalConsumerConfigs(clientId));
    settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
    settings.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    settings.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    settings.putAll(overrides);
    return new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** This instance's {@code application.server}, or empty when none is set (single instance). */
  public Optional<HostInfo> self() {
    return Optional.ofNullable(self);
  }

  /** Whether {@code host} is this instance (or no addresses are known at all). */
  public boolean isSelf(HostInfo host) {
    return self == null || self.equals(host);
  }
}

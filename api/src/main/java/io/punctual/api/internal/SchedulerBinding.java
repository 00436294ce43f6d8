package io.punctual.api.internal;

import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.punctual.scheduler.PunctualScheduler;
import io.punctual.scheduler.SchedulerActivity;
import io.punctual.scheduler.SchedulerConfig;
import io.punctual.scheduler.Topics;
import java.util.Optional;
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

  /** This instance's {@code application.server}, or empty when none is set (single instance). */
  public Optional<HostInfo> self() {
    return Optional.ofNullable(self);
  }

  /** Whether {@code host} is this instance (or no addresses are known at all). */
  public boolean isSelf(HostInfo host) {
    return self == null || self.equals(host);
  }
}

package io.punctual.api.internal.query;

import io.punctual.api.internal.SchedulerBinding;
import jakarta.inject.Singleton;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/** The other scheduler instances of the application, by their {@code application.server}. */
@Singleton
public class Peers {
  private final SchedulerBinding binding;

  public Peers(SchedulerBinding binding) {
    this.binding = binding;
  }

  /** Every other instance currently in the group; empty without {@code application.server}. */
  public List<HostInfo> others() {
    if (binding.self().isEmpty()) {
      return List.of();
    }
    Set<HostInfo> hosts = new LinkedHashSet<>();
    for (StreamsMetadata metadata : binding.streams().metadataForAllStreamsClients()) {
      HostInfo host = metadata.hostInfo();
      if (host.port() >= 0 && !binding.isSelf(host)) {
        hosts.add(host);
      }
    }
    return List.copyOf(hosts);
  }
}

package io.punctual.connect;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.provider.EnvVarConfigProvider;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.distributed.DistributedHerder;
import org.apache.kafka.connect.storage.StringConverter;

/**
 * A Kafka Connect worker in distributed mode, in this JVM, set up the way Punctual's connector
 * configurations expect: Debezium's plugins on its plugin path, {@code ${env:NAME}} resolved from
 * the worker's environment (so one configuration file serves every deployment), exactly-once source
 * support on (an outbox row becomes exactly one timer record) and its own three internal topics
 * named after its group.
 */
public final class ConnectWorker implements AutoCloseable {
  /** The internal topics' replication factor when none is given: the broker's default. */
  public static final short BROKER_DEFAULT_REPLICATION = -1;

  private final Connect<DistributedHerder> connect;
  private final URI restUrl;

  private ConnectWorker(Connect<DistributedHerder> connect, URI restUrl) {
    this.connect = connect;
    this.restUrl = restUrl;
  }

  /** How a worker is set up; {@code more} adds or overrides any worker setting. */
  public record Settings(
      String bootstrapServers,
      String groupId,
      String restHost,
      int restPort,
      Path pluginPath,
      short replicationFactor,
      Map<String, String> more) {
    public Settings {
      more = Map.copyOf(more);
    }
  }

  /** The worker settings that {@code settings} stands for. */
  public static Map<String, String> workerProperties(Settings settings) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("bootstrap.servers", settings.bootstrapServers());
    properties.put("group.id", settings.groupId());
    String replication = Short.toString(settings.replicationFactor());
    Map.of("config", "configs", "offset", "offsets", "status", "status")
        .forEach(
            (store, suffix) -> {
              properties.put(store + ".storage.topic", settings.groupId() + "." + suffix);
              properties.put(store + ".storage.replication.factor", replication);
            });
    properties.put("key.converter", StringConverter.class.getName());
    properties.put("value.converter", StringConverter.class.getName());
    properties.put("listeners", "http://" + settings.restHost() + ":" + settings.restPort());
    properties.put("plugin.path", settings.pluginPath().toString());
    // Debezium's plugins and this module declare their classes in ServiceLoader manifests: the
    // worker starts in seconds instead of scanning every jar
    properties.put("plugin.discovery", "service_load");
    properties.put("config.providers", "env");
    properties.put("config.providers.env.class", EnvVarConfigProvider.class.getName());
    properties.put("exactly.once.source.support", "enabled");
    // sinks commit their offsets every 5 s: a restart reads again at most that much, and the
    // upserts of the sink connectors make the repeat harmless
    properties.put("offset.flush.interval.ms", "5000");
    properties.putAll(settings.more());
    return properties;
  }

  /** Starts a worker; returns once its REST API answers (it may still be joining its group). */
  public static ConnectWorker start(Settings settings) {
    if (!Files.isDirectory(settings.pluginPath())) {
      throw new IllegalArgumentException(
          "the plugin path "
              + settings.pluginPath()
              + " is not a directory: build it with mvn -pl connectors -am package, or name one"
              + " with --plugin-path");
    }
    Connect<DistributedHerder> connect =
        new ConnectDistributed().startConnect(workerProperties(settings));
    return new ConnectWorker(connect, connect.rest().advertisedUrl());
  }

  /** Where the worker's REST API answers. */
  public URI restUrl() {
    return restUrl;
  }

  /** Waits until the worker stops. */
  public void awaitStop() {
    connect.awaitStop();
  }

  @Override
  public void close() {
    connect.stop();
    connect.awaitStop();
  }
}

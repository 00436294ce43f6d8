package io.punctual.cli.client;

import picocli.CommandLine.Option;

/** Where the commands that read or write Kafka directly find it: the cluster and the prefix. */
final class KafkaOptions {
  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT",
      defaultValue = "${env:PUNCTUAL_KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}",
      description = "Kafka (env PUNCTUAL_KAFKA_BOOTSTRAP_SERVERS; default ${DEFAULT-VALUE}).")
  String bootstrapServers;

  @Option(
      names = "--topic-prefix",
      paramLabel = "PREFIX",
      defaultValue = "${env:PUNCTUAL_TOPIC_PREFIX:-punctual}",
      description = "Topic prefix (env PUNCTUAL_TOPIC_PREFIX; default ${DEFAULT-VALUE}).")
  String prefix;
}

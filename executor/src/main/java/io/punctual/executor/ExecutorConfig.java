package io.punctual.executor;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The executor's settings, under the prefix {@value #PREFIX} (kebab-case keys, e.g. {@code
 * punctual.executor.max-in-flight}). The Kafka connection is configured apart, with
 * micronaut-kafka's {@code kafka.bootstrap.servers} and any other {@code kafka.*} client setting
 * (security, SASL, SSL), which every consumer and producer of the executor receives.
 *
 * <p>Every value is checked by {@link #validate()} at start-up; a bad one stops start-up with a
 * message naming the key.
 */
@ConfigurationProperties(ExecutorConfig.PREFIX)
public class ExecutorConfig {
  /** Prefix of every key of this class. */
  public static final String PREFIX = "punctual.executor";

  /** Default of {@code topic-prefix}. */
  public static final String DEFAULT_TOPIC_PREFIX = "punctual";

  /** Default of {@code group-id}. */
  public static final String DEFAULT_GROUP_ID = "punctual-executor";

  /** Default of {@code max-in-flight}. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 256;

  /** Default of {@code max-held}. */
  public static final int DEFAULT_MAX_HELD = 10_000;

  /** Default of {@code local-retry-threshold}. */
  public static final Duration DEFAULT_LOCAL_RETRY_THRESHOLD = Duration.ofSeconds(10);

  /** Default of {@code shutdown-timeout}. */
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

  /** Default of {@code revocation-grace}. */
  public static final Duration DEFAULT_REVOCATION_GRACE = Duration.ofSeconds(5);

  /** Default of {@code response-excerpt-bytes}. */
  public static final int DEFAULT_RESPONSE_EXCERPT_BYTES = 1024;

  /** Default of {@code output-format}. */
  public static final String DEFAULT_OUTPUT_FORMAT = "json";

  /** Default of {@code scheduler-application-id}. */
  public static final String DEFAULT_SCHEDULER_APPLICATION_ID = "punctual";

  private String topicPrefix = DEFAULT_TOPIC_PREFIX;
  private String groupId = DEFAULT_GROUP_ID;
  private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
  private int maxHeld = DEFAULT_MAX_HELD;
  private Duration localRetryThreshold = DEFAULT_LOCAL_RETRY_THRESHOLD;
  private List<String> allowTargets = List.of();
  private boolean allowLoopback;
  private boolean allowPrivate;
  private String instanceId = "";
  private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
  private Duration revocationGrace = DEFAULT_REVOCATION_GRACE;
  private int responseExcerptBytes = DEFAULT_RESPONSE_EXCERPT_BYTES;
  private String outputFormat = DEFAULT_OUTPUT_FORMAT;
  private String schemaRegistryUrl = "";
  private List<String> allowTopics = List.of();
  private String schedulerApplicationId = DEFAULT_SCHEDULER_APPLICATION_ID;
  private String secretsDir = "";

  /**
   * {@code topic-prefix}: the topics read and written are {@code <prefix>.triggers}, {@code
   * <prefix>.status} and {@code <prefix>.dead-letters}. Default {@value #DEFAULT_TOPIC_PREFIX}; it
   * must match the scheduler's.
   */
  public String getTopicPrefix() {
    return topicPrefix;
  }

  public void setTopicPrefix(String topicPrefix) {
    this.topicPrefix = topicPrefix;
  }

  /**
   * {@code group-id}: consumer group of the executors; instances sharing it share the triggers.
   * Default {@value #DEFAULT_GROUP_ID}.
   */
  public String getGroupId() {
    return groupId;
  }

  public void setGroupId(String groupId) {
    this.groupId = groupId;
  }

  /**
   * {@code max-in-flight}: most actions (HTTP calls, Kafka deliveries) running at once; due
   * invocations beyond it wait for a slot. Default {@value #DEFAULT_MAX_IN_FLIGHT}, at least 1.
   */
  public int getMaxInFlight() {
    return maxInFlight;
  }

  public void setMaxInFlight(int maxInFlight) {
    this.maxInFlight = maxInFlight;
  }

  /**
   * {@code max-held}: most invocations this instance keeps in memory at once (held until their
   * instant, waiting for a slot, running, or waiting for a local retry). Consumption pauses before
   * a poll could pass it and resumes when there is room again. Default {@value #DEFAULT_MAX_HELD},
   * at least 1.
   */
  public int getMaxHeld() {
    return maxHeld;
  }

  public void setMaxHeld(int maxHeld) {
    this.maxHeld = maxHeld;
  }

  /**
   * {@code local-retry-threshold}: a retry backoff shorter than this waits in the executor; a
   * longer one is handed back to the scheduler as a {@code RETRY_SCHEDULED} status event. Default
   * PT10S; zero sends every retry through the scheduler.
   */
  public Duration getLocalRetryThreshold() {
    return localRetryThreshold;
  }

  public void setLocalRetryThreshold(Duration localRetryThreshold) {
    this.localRetryThreshold = localRetryThreshold;
  }

  /**
   * {@code allow-targets}: host names and CIDR blocks (comma-separated, e.g. {@code
   * billing.internal,10.20.0.0/16,127.0.0.0/8}) that HTTP targets may reach even when they are
   * loopback or private. Link-local and cloud metadata addresses stay refused. Default empty.
   */
  public List<String> getAllowTargets() {
    return allowTargets;
  }

  public void setAllowTargets(List<String> allowTargets) {
    this.allowTargets = allowTargets == null ? List.of() : List.copyOf(allowTargets);
  }

  /** {@code allow-loopback}: whether HTTP targets may be loopback addresses. Default false. */
  public boolean isAllowLoopback() {
    return allowLoopback;
  }

  public void setAllowLoopback(boolean allowLoopback) {
    this.allowLoopback = allowLoopback;
  }

  /**
   * {@code allow-private}: whether HTTP targets may be private addresses (10/8, 172.16/12,
   * 192.168/16, 100.64/10, fc00::/7). Default false.
   */
  public boolean isAllowPrivate() {
    return allowPrivate;
  }

  public void setAllowPrivate(boolean allowPrivate) {
    this.allowPrivate = allowPrivate;
  }

  /**
   * {@code instance-id}: this instance's name in status events. Default empty: {@code pid@host}.
   */
  public String getInstanceId() {
    return instanceId;
  }

  public void setInstanceId(String instanceId) {
    this.instanceId = instanceId == null ? "" : instanceId;
  }

  /**
   * {@code shutdown-timeout}: how long a graceful shutdown waits for running actions to finish and
   * their outcomes to be published. What is still running then is abandoned unacknowledged and
   * redone by the next owner. Default PT30S.
   */
  public Duration getShutdownTimeout() {
    return shutdownTimeout;
  }

  public void setShutdownTimeout(Duration shutdownTimeout) {
    this.shutdownTimeout = shutdownTimeout;
  }

  /**
   * {@code revocation-grace}: how long a rebalance that takes partitions away waits for the actions
   * running on them to finish and their outcomes to be published, so that their offsets are
   * committed and the next owner does not perform them again. What is still running then is
   * abandoned: it finishes, but the next owner performs it again (same idempotency key). The wait
   * holds up the rebalance of the whole group; keep it well under {@code max.poll.interval.ms}.
   * Default PT5S; PT0S hands running actions over at once.
   */
  public Duration getRevocationGrace() {
    return revocationGrace;
  }

  public void setRevocationGrace(Duration revocationGrace) {
    this.revocationGrace = revocationGrace;
  }

  /**
   * {@code response-excerpt-bytes}: most bytes of an HTTP response body copied into a status event.
   * Default {@value #DEFAULT_RESPONSE_EXCERPT_BYTES}; 0 copies none.
   */
  public int getResponseExcerptBytes() {
    return responseExcerptBytes;
  }

  public void setResponseExcerptBytes(int responseExcerptBytes) {
    this.responseExcerptBytes = responseExcerptBytes;
  }

  /**
   * {@code output-format}: encoding of status events, {@code json} or {@code avro} (Confluent
   * framing; needs {@code schema-registry-url}). Same meaning as the scheduler's {@code
   * punctual.output.format}, which it defaults to. Triggers are read in both encodings.
   */
  public String getOutputFormat() {
    return outputFormat;
  }

  public void setOutputFormat(String outputFormat) {
    this.outputFormat = outputFormat == null ? DEFAULT_OUTPUT_FORMAT : outputFormat;
  }

  /**
   * {@code schema-registry-url}: base URL(s) of a registry speaking the Confluent REST API,
   * comma-separated, for Avro in and out. Defaults to the scheduler's {@code
   * punctual.schema.registry.url}; empty for none.
   */
  public String getSchemaRegistryUrl() {
    return schemaRegistryUrl;
  }

  public void setSchemaRegistryUrl(String schemaRegistryUrl) {
    this.schemaRegistryUrl = schemaRegistryUrl == null ? "" : schemaRegistryUrl;
  }

  /**
   * {@code allow-topics}: no longer the executor's. Kafka targets are written by the scheduler,
   * whose {@code punctual.delay.allow.topics} names the topics they may write to; a value here
   * stops the executor at start, so that an allowlist set for it is not silently ignored.
   */
  public List<String> getAllowTopics() {
    return allowTopics;
  }

  public void setAllowTopics(List<String> allowTopics) {
    this.allowTopics = allowTopics == null ? List.of() : List.copyOf(allowTopics);
  }

  /**
   * {@code scheduler-application-id}: the scheduler's Kafka Streams {@code application.id}, whose
   * internal topics ({@code <id>-*}) Kafka targets may not write to. Default {@value
   * #DEFAULT_SCHEDULER_APPLICATION_ID}; it must match the scheduler's.
   */
  public String getSchedulerApplicationId() {
    return schedulerApplicationId;
  }

  public void setSchedulerApplicationId(String schedulerApplicationId) {
    this.schedulerApplicationId = schedulerApplicationId;
  }

  /**
   * {@code secrets-dir}: a directory of secrets (one file per secret, named after it, e.g. a
   * mounted Kubernetes secret), read when a header value is {@code ${secret:NAME}}. A secret is
   * looked up first in the environment variable {@code PUNCTUAL_SECRET_<NAME>} (upper-cased, dots
   * and dashes as underscores), then in file {@code NAME} of this directory (a trailing newline
   * trimmed). Default empty: environment variables only.
   */
  public String getSecretsDir() {
    return secretsDir;
  }

  public void setSecretsDir(String secretsDir) {
    this.secretsDir = secretsDir == null ? "" : secretsDir;
  }

  /** {@code <prefix>.triggers}. */
  public String triggersTopic() {
    return topicPrefix + ".triggers";
  }

  /** {@code <prefix>.status}. */
  public String statusTopic() {
    return topicPrefix + ".status";
  }

  /** {@code <prefix>.dead-letters}. */
  public String deadLettersTopic() {
    return topicPrefix + ".dead-letters";
  }

  /** Whether status events are written as Avro. */
  public boolean avroOutput() {
    return "avro".equals(outputFormat.trim().toLowerCase(Locale.ROOT));
  }

  /** The configured instance id, or {@code pid@host}. */
  public String effectiveInstanceId() {
    if (!instanceId.isBlank()) {
      return instanceId;
    }
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      host = "localhost";
    }
    return ProcessHandle.current().pid() + "@" + host;
  }

  /**
   * Checks every value.
   *
   * @throws ExecutorException naming the first bad key
   */
  public void validate() {
    require(topicPrefix != null && !topicPrefix.isBlank(), "topic-prefix", "must not be empty");
    require(groupId != null && !groupId.isBlank(), "group-id", "must not be empty");
    require(maxInFlight >= 1, "max-in-flight", "must be at least 1, got " + maxInFlight);
    require(maxHeld >= 1, "max-held", "must be at least 1, got " + maxHeld);
    require(
        localRetryThreshold != null && !localRetryThreshold.isNegative(),
        "local-retry-threshold",
        "must be a non-negative duration");
    require(
        shutdownTimeout != null && !shutdownTimeout.isNegative(),
        "shutdown-timeout",
        "must be a non-negative duration");
    require(
        revocationGrace != null && !revocationGrace.isNegative(),
        "revocation-grace",
        "must be a non-negative duration");
    require(
        responseExcerptBytes >= 0,
        "response-excerpt-bytes",
        "must not be negative, got " + responseExcerptBytes);
    String format = outputFormat.trim().toLowerCase(Locale.ROOT);
    require(
        format.equals("json") || format.equals("avro"),
        "output-format",
        "must be json or avro, got '" + outputFormat + "'");
    require(
        schedulerApplicationId != null && !schedulerApplicationId.isBlank(),
        "scheduler-application-id",
        "must not be empty");
    require(
        allowTopics.isEmpty(),
        "allow-topics",
        "Kafka targets are written by the scheduler: set its punctual.delay.allow.topics instead");
    require(
        secretsDir.isBlank() || Files.isDirectory(Path.of(secretsDir)),
        "secrets-dir",
        "'" + secretsDir + "' is not a directory");
    require(
        !avroOutput() || !schemaRegistryUrl.isBlank(),
        "schema-registry-url",
        "is required when output-format is avro");
  }

  private static void require(boolean ok, String key, String problem) {
    if (!ok) {
      throw new ExecutorException("invalid configuration " + PREFIX + "." + key + ": " + problem);
    }
  }
}

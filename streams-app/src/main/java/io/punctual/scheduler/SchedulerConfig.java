package io.punctual.scheduler;

import io.punctual.contract.ReservedTopics;
import io.punctual.contract.TopicAllowlist;
import io.punctual.scheduler.internals.intake.ValidTimestampExtractor;
import io.punctual.serde.TimerDefinitionDeserializer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The scheduler's settings. Keys starting with {@code punctual.} are Punctual's own, declared here
 * with their defaults and documentation; every other key is passed to Kafka Streams (and through it
 * to its clients), over the defaults of {@link #STREAMS_DEFAULTS}.
 */
public final class SchedulerConfig extends AbstractConfig {
  /** Prefix of Punctual's own keys. */
  public static final String PREFIX = "punctual.";

  public static final String TOPIC_PREFIX_CONFIG = "punctual.topic.prefix";
  private static final String TOPIC_PREFIX_DOC =
      "Prefix of Punctual's topics: <prefix>.timers, <prefix>.triggers, <prefix>.status,"
          + " <prefix>.commands, <prefix>.dead-letters, <prefix>.delayed.";

  public static final String TOPICS_CREATE_CONFIG = "punctual.topics.create";
  private static final String TOPICS_CREATE_DOC =
      "Create missing topics at start, and raise the dead-letter topic's max.message.bytes to the"
          + " largest input topic's plus 64 KiB (a dead letter holds the record and the error"
          + " headers). Existing topics are always checked.";

  public static final String TOPICS_PARTITIONS_CONFIG = "punctual.topics.partitions";
  private static final String TOPICS_PARTITIONS_DOC =
      "Partition count of the topics created at start (all of them: they are co-partitioned).";

  public static final String TOPICS_REPLICATION_FACTOR_CONFIG =
      "punctual.topics.replication.factor";
  private static final String TOPICS_REPLICATION_FACTOR_DOC =
      "Replication factor of the topics created at start; -1 takes the broker's default.";

  public static final String PUNCTUATE_INTERVAL_MS_CONFIG = "punctual.punctuate.interval.ms";
  private static final String PUNCTUATE_INTERVAL_MS_DOC =
      "Wall-clock interval of the punctuator that fires due timers. Missed ticks merge.";

  public static final String PUNCTUATE_BUDGET_MS_CONFIG = "punctual.punctuate.budget.ms";
  private static final String PUNCTUATE_BUDGET_MS_DOC =
      "Time one punctuation may spend firing before it yields to input processing; the rest of a"
          + " burst fires in the next runs, in due order.";

  public static final String PUNCTUATE_SHARE_WHEN_INPUT_LAGS_CONFIG =
      "punctual.punctuate.share.when.input.lags";
  private static final String PUNCTUATE_SHARE_WHEN_INPUT_LAGS_DOC =
      "While input lags (definitions, commands, executors' outcomes; see punctual.input.lag.ms)"
          + " and firing is behind too, the share of each stream thread's time firing may take;"
          + " input gets the rest. While only the scheduler's own events lag (the echo of its"
          + " firings), firing takes up to 0.95. 1 never holds firing back.";

  public static final String INPUT_LAG_MS_CONFIG = "punctual.input.lag.ms";
  private static final String INPUT_LAG_MS_DOC =
      "Input (a definition, command or status event) processed later than this after its"
          + " record's timestamp lags: firing then shares the stream thread with it (see"
          + " punctual.punctuate.share.when.input.lags).";

  public static final String LOOKAHEAD_MS_CONFIG = "punctual.lookahead.ms";
  private static final String LOOKAHEAD_MS_DOC =
      "How long before its instant an invocation may be emitted, for the executor to hold and"
          + " start at the instant. 0 emits nothing before its instant.";

  public static final String MISFIRE_THRESHOLD_MS_CONFIG = "punctual.misfire.threshold.ms";
  private static final String MISFIRE_THRESHOLD_MS_DOC =
      "A firing found more than this late (after downtime, a pause or a long restore) is a"
          + " misfire, handled by the timer's misfire policy.";

  public static final String MISFIRE_FIRE_ALL_MAX_CONFIG = "punctual.misfire.fire.all.max";
  private static final String MISFIRE_FIRE_ALL_MAX_DOC =
      "Most missed instants that one catch-up of a FIRE_ALL timer fires; the rest are reported"
          + " as MISFIRED.";

  public static final String MISFIRE_MAX_EVENTS_CONFIG = "punctual.misfire.max.events";
  private static final String MISFIRE_MAX_EVENTS_DOC =
      "Most MISFIRED status events one catch-up publishes, one per missed instant; past it, one"
          + " last event says how far the skipped range went.";

  public static final String MAX_RECORD_BYTES_CONFIG = "punctual.max.record.bytes";
  private static final String MAX_RECORD_BYTES_DOC =
      "Timer definitions larger than this are rejected to the dead-letter topic.";

  public static final String BACKFILL_MAX_FIRINGS_CONFIG = "punctual.backfill.max.firings";
  private static final String BACKFILL_MAX_FIRINGS_DOC =
      "Most instants one BACKFILL command fires; a command whose range holds more is refused as a"
          + " whole (REJECTED status event).";

  public static final String HISTORY_SIZE_CONFIG = "punctual.history.size";
  private static final String HISTORY_SIZE_DOC =
      "How many of its most recent status events the history store keeps per timer.";

  public static final String OUTPUT_FORMAT_CONFIG = "punctual.output.format";
  private static final String OUTPUT_FORMAT_DOC =
      "Encoding of invocations and status events: json, or avro (Confluent framing, needs"
          + " punctual.schema.registry.url). Timer definitions are accepted in both, whatever"
          + " this says.";

  public static final String SCHEMA_REGISTRY_URL_CONFIG = "punctual.schema.registry.url";
  private static final String SCHEMA_REGISTRY_URL_DOC =
      "Base URL(s) of a schema registry speaking the Confluent REST API, comma-separated. Needed"
          + " for Avro in and out.";

  public static final String TIMERS_DESERIALIZER_CONFIG = "punctual.timers.value.deserializer";
  private static final String TIMERS_DESERIALIZER_DOC =
      "Deserializer class of punctual.timers values. It may yield a TimerDefinition, an Avro"
          + " GenericRecord (e.g. Confluent's KafkaAvroDeserializer), or JSON text. It is"
          + " configured with the punctual.serde.* settings, stripped of that prefix, plus"
          + " schema.registry.url.";

  public static final String OUTPUT_SERIALIZER_CONFIG = "punctual.output.value.serializer";
  private static final String OUTPUT_SERIALIZER_DOC =
      "Serializer class of invocations and status events, overriding punctual.output.format"
          + " (e.g. Confluent's KafkaAvroSerializer). Configured like the deserializer.";

  public static final String INSTANCE_ID_CONFIG = "punctual.instance.id";
  private static final String INSTANCE_ID_DOC =
      "Name of this instance in status events; empty takes host name and process id.";

  public static final String DELAY_ALLOW_TOPICS_CONFIG = "punctual.delay.allow.topics";
  private static final String DELAY_ALLOW_TOPICS_DOC =
      "Topics delayed records and Kafka targets may be written to: whole-name regular"
          + " expressions, comma-separated; empty allows any topic but Punctual's own (<prefix>.*),"
          + " the scheduler's internal ones (<application.id>-*), any starting with _ (Kafka's __*,"
          + " _schemas, ksqlDB's _confluent-ksql-*) and Kafka Connect's default connect-configs,"
          + " connect-offsets, connect-status."
          + " Checked at intake (delayed records) and at each instant.";

  public static final String DELAY_MAX_HORIZON_MS_CONFIG = "punctual.delay.max.horizon.ms";
  private static final String DELAY_MAX_HORIZON_MS_DOC =
      "Furthest ahead a delayed record's instant may be when it is read; a record due later is"
          + " dead-lettered.";

  public static final String DELAY_MAX_RECORD_BYTES_CONFIG = "punctual.delay.max.record.bytes";
  private static final String DELAY_MAX_RECORD_BYTES_DOC =
      "Largest delayed record, as delivered (key, value, headers and batch overhead); a larger"
          + " one is dead-lettered. At most 1,000,000, so that a kept record fits Kafka's default"
          + " limits of the store's changelog.";

  public static final String DELAY_CREATE_TOPICS_CONFIG = "punctual.delay.create.topics";
  private static final String DELAY_CREATE_TOPICS_DOC =
      "Create a delayed record's destination topic, or a Kafka target's, when it does not exist"
          + " (with punctual.topics.partitions and punctual.topics.replication.factor). When"
          + " false, a delayed record whose destination does not exist at its instant is"
          + " dead-lettered, and a Kafka target's attempt fails.";

  public static final String DELAY_STATUS_EVENTS_CONFIG = "punctual.delay.status.events";
  private static final String DELAY_STATUS_EVENTS_DOC =
      "Publish a status event for each delayed record delivered, cancelled or dead-lettered, on"
          + " <prefix>.delayed.status (created with the other topics). Off by default: it doubles"
          + " the writes of each delayed record.";

  /** Prefix of settings passed to the configured serializer and deserializer. */
  public static final String SERDE_PREFIX = "punctual.serde.";

  public static final String OUTPUT_JSON = "json";
  public static final String OUTPUT_AVRO = "avro";

  /** Kafka's default {@code max.request.size} of a producer. */
  private static final int DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;

  /** Stands for the user's home directory at the start of a path setting. */
  public static final String USER_HOME = "${user.home}";

  /**
   * Kafka Streams settings Punctual defaults differently from Kafka Streams itself. {@code poll.ms}
   * is 10 rather than 100: the stream thread punctuates only between polls, and an idle poll of 100
   * ms made firings up to 100 ms late. {@code state.dir} is under the user's home, never relative
   * to the working directory (a value starting with {@value #USER_HOME} is resolved). {@code
   * max.task.idle.ms} is -1: a task's inputs (definitions, commands, outcomes) are independent, so
   * a task never waits for an empty one, and Kafka Streams skips the per-record check of the empty
   * partitions' lag (12% of the stream thread at 1,000 firings a second, most of it formatting a
   * trace message). Transactional state stores (KIP-892) are on, so that a crash keeps the stores
   * and a restart replays only the changelogs' tail, and queries read committed state.
   */
  public static final Map<String, Object> STREAMS_DEFAULTS =
      Map.of(
          StreamsConfig.POLL_MS_CONFIG,
          10L,
          StreamsConfig.APPLICATION_ID_CONFIG,
          "punctual-scheduler",
          StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
          StreamsConfig.EXACTLY_ONCE_V2,
          StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
          100,
          StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG,
          true,
          StreamsConfig.DEFAULT_INTERACTIVE_QUERY_ISOLATION_LEVEL_CONFIG,
          "READ_COMMITTED",
          StreamsConfig.MAX_TASK_IDLE_MS_CONFIG,
          StreamsConfig.MAX_TASK_IDLE_MS_DISABLED,
          StreamsConfig.STATE_DIR_CONFIG,
          USER_HOME + "/.punctual/state",
          StreamsConfig.DEFAULT_TIMESTAMP_EXTRACTOR_CLASS_CONFIG,
          ValidTimestampExtractor.class.getName());

  /** The declaration of every key: the source of the configuration reference. */
  public static final ConfigDef CONFIG_DEF =
      new ConfigDef()
          .define(
              TOPIC_PREFIX_CONFIG,
              Type.STRING,
              "punctual",
              new ConfigDef.NonEmptyString(),
              Importance.HIGH,
              TOPIC_PREFIX_DOC)
          .define(TOPICS_CREATE_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM, TOPICS_CREATE_DOC)
          .define(
              TOPICS_PARTITIONS_CONFIG,
              Type.INT,
              6,
              Range.atLeast(1),
              Importance.HIGH,
              TOPICS_PARTITIONS_DOC)
          .define(
              TOPICS_REPLICATION_FACTOR_CONFIG,
              Type.SHORT,
              (short) -1,
              Importance.HIGH,
              TOPICS_REPLICATION_FACTOR_DOC)
          .define(
              PUNCTUATE_INTERVAL_MS_CONFIG,
              Type.LONG,
              10L,
              Range.between(1, 60_000),
              Importance.MEDIUM,
              PUNCTUATE_INTERVAL_MS_DOC)
          .define(
              PUNCTUATE_BUDGET_MS_CONFIG,
              Type.LONG,
              50L,
              Range.between(1, 60_000),
              Importance.LOW,
              PUNCTUATE_BUDGET_MS_DOC)
          .define(
              PUNCTUATE_SHARE_WHEN_INPUT_LAGS_CONFIG,
              Type.DOUBLE,
              0.5,
              Range.between(0.05, 1.0),
              Importance.LOW,
              PUNCTUATE_SHARE_WHEN_INPUT_LAGS_DOC)
          .define(
              INPUT_LAG_MS_CONFIG,
              Type.LONG,
              1_000L,
              Range.between(1, 3_600_000),
              Importance.LOW,
              INPUT_LAG_MS_DOC)
          .define(
              LOOKAHEAD_MS_CONFIG,
              Type.LONG,
              0L,
              Range.between(0, 3_600_000),
              Importance.MEDIUM,
              LOOKAHEAD_MS_DOC)
          .define(
              MISFIRE_THRESHOLD_MS_CONFIG,
              Type.LONG,
              60_000L,
              Range.atLeast(0),
              Importance.MEDIUM,
              MISFIRE_THRESHOLD_MS_DOC)
          .define(
              MISFIRE_FIRE_ALL_MAX_CONFIG,
              Type.INT,
              100,
              Range.between(1, 100_000),
              Importance.LOW,
              MISFIRE_FIRE_ALL_MAX_DOC)
          .define(
              MISFIRE_MAX_EVENTS_CONFIG,
              Type.INT,
              1000,
              Range.between(1, 1_000_000),
              Importance.LOW,
              MISFIRE_MAX_EVENTS_DOC)
          .define(
              MAX_RECORD_BYTES_CONFIG,
              Type.INT,
              262_144,
              Range.between(1024, 16 * 1024 * 1024),
              Importance.LOW,
              MAX_RECORD_BYTES_DOC)
          .define(
              BACKFILL_MAX_FIRINGS_CONFIG,
              Type.INT,
              1000,
              Range.between(1, 100_000),
              Importance.LOW,
              BACKFILL_MAX_FIRINGS_DOC)
          .define(
              HISTORY_SIZE_CONFIG,
              Type.INT,
              50,
              Range.between(1, 10_000),
              Importance.LOW,
              HISTORY_SIZE_DOC)
          .define(
              OUTPUT_FORMAT_CONFIG,
              Type.STRING,
              OUTPUT_JSON,
              ValidString.in(OUTPUT_JSON, OUTPUT_AVRO),
              Importance.HIGH,
              OUTPUT_FORMAT_DOC)
          .define(
              SCHEMA_REGISTRY_URL_CONFIG, Type.STRING, "", Importance.HIGH, SCHEMA_REGISTRY_URL_DOC)
          .define(
              TIMERS_DESERIALIZER_CONFIG,
              Type.CLASS,
              TimerDefinitionDeserializer.class,
              Importance.LOW,
              TIMERS_DESERIALIZER_DOC)
          .define(OUTPUT_SERIALIZER_CONFIG, Type.CLASS, null, Importance.LOW, OUTPUT_SERIALIZER_DOC)
          .define(INSTANCE_ID_CONFIG, Type.STRING, "", Importance.LOW, INSTANCE_ID_DOC)
          .define(DELAY_ALLOW_TOPICS_CONFIG, Type.LIST, "", Importance.HIGH, DELAY_ALLOW_TOPICS_DOC)
          .define(
              DELAY_MAX_HORIZON_MS_CONFIG,
              Type.LONG,
              Duration.ofDays(366).toMillis(),
              Range.atLeast(1_000),
              Importance.MEDIUM,
              DELAY_MAX_HORIZON_MS_DOC)
          .define(
              DELAY_MAX_RECORD_BYTES_CONFIG,
              Type.INT,
              1_000_000,
              Range.between(1024, 1_000_000),
              Importance.MEDIUM,
              DELAY_MAX_RECORD_BYTES_DOC)
          .define(
              DELAY_CREATE_TOPICS_CONFIG,
              Type.BOOLEAN,
              false,
              Importance.MEDIUM,
              DELAY_CREATE_TOPICS_DOC)
          .define(
              DELAY_STATUS_EVENTS_CONFIG,
              Type.BOOLEAN,
              false,
              Importance.LOW,
              DELAY_STATUS_EVENTS_DOC);

  private final Map<String, Object> streamsProps;

  /**
   * Validates the settings; a bad value throws {@link PunctualConfigException} naming the key.
   *
   * @param settings Punctual's keys and Kafka Streams' keys together
   */
  public SchedulerConfig(Map<String, ?> settings) {
    super(CONFIG_DEF, ownKeys(settings), false);
    this.streamsProps = streamsKeys(settings);
    if (!streamsProps.containsKey(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)) {
      throw new PunctualConfigException(
          "bootstrap.servers is required: the Kafka cluster the scheduler runs on");
    }
    if (OUTPUT_AVRO.equals(getString(OUTPUT_FORMAT_CONFIG))
        && getString(SCHEMA_REGISTRY_URL_CONFIG).isBlank()
        && getClass(OUTPUT_SERIALIZER_CONFIG) == null) {
      throw new PunctualConfigException(
          OUTPUT_FORMAT_CONFIG + "=avro needs " + SCHEMA_REGISTRY_URL_CONFIG);
    }
  }

  private static Map<String, Object> ownKeys(Map<String, ?> settings) {
    Map<String, Object> own = new HashMap<>();
    settings.forEach(
        (key, value) -> {
          if (key.startsWith(PREFIX) && !key.startsWith(SERDE_PREFIX)) {
            if (CONFIG_DEF.configKeys().get(key) == null) {
              throw new PunctualConfigException("unknown setting " + key);
            }
            own.put(key, value);
          }
        });
    try {
      CONFIG_DEF.parse(own);
    } catch (ConfigException e) {
      throw new PunctualConfigException(e.getMessage(), e);
    }
    return own;
  }

  private static Map<String, Object> streamsKeys(Map<String, ?> settings) {
    Map<String, Object> streams = new HashMap<>(STREAMS_DEFAULTS);
    settings.forEach(
        (key, value) -> {
          if (!key.startsWith(PREFIX)) {
            streams.put(key, value);
          }
        });
    Object stateDir = streams.get(StreamsConfig.STATE_DIR_CONFIG);
    if (stateDir instanceof String dir && dir.startsWith(USER_HOME)) {
      streams.put(
          StreamsConfig.STATE_DIR_CONFIG,
          System.getProperty("user.home") + dir.substring(USER_HOME.length()));
    }
    return streams;
  }

  /** Settings for Kafka Streams and its clients: Punctual's defaults, then the given keys. */
  public Map<String, Object> streamsProperties() {
    return Map.copyOf(streamsProps);
  }

  /**
   * Settings for Kafka Streams and its clients, with a producer that sends records up to {@code
   * largestRecord} bytes: its {@code max.request.size} is raised to it unless set.
   *
   * @throws PunctualConfigException when {@code max.request.size} is set lower
   */
  public Map<String, Object> streamsProperties(int largestRecord) {
    Map<String, Object> streams = new HashMap<>(streamsProps);
    String producerKey = StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
    Object set =
        streams.getOrDefault(producerKey, streams.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
    if (set == null) {
      streams.put(producerKey, Math.max(largestRecord, DEFAULT_MAX_REQUEST_SIZE));
    } else if (Integer.parseInt(set.toString().trim()) < largestRecord) {
      throw new PunctualConfigException(
          producerKey
              + "="
              + set
              + " is below "
              + largestRecord
              + ": the scheduler dead-letters records as large as its input topics take, plus"
              + " the error headers");
    }
    return Map.copyOf(streams);
  }

  /** Settings for the value serializer and deserializer. */
  public Map<String, Object> serdeProperties() {
    Map<String, Object> serde = new HashMap<>(originalsWithPrefix(SERDE_PREFIX));
    String registry = getString(SCHEMA_REGISTRY_URL_CONFIG);
    if (!registry.isBlank()) {
      serde.putIfAbsent("schema.registry.url", registry);
    }
    return serde;
  }

  /** Settings for an admin client of the same cluster. */
  public Map<String, Object> adminProperties() {
    return new StreamsConfig(streamsProps).getAdminConfigs("punctual-admin");
  }

  /** This instance's name in status events. */
  public String instanceId() {
    String configured = getString(INSTANCE_ID_CONFIG);
    if (!configured.isBlank()) {
      return configured;
    }
    return ProcessHandle.current().pid() + "@" + hostName();
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "localhost";
    }
  }

  /** The topics Kafka targets may not name: Punctual's own, the internal ones, Kafka's. */
  public ReservedTopics reservedTopics() {
    return ReservedTopics.of(
        getString(TOPIC_PREFIX_CONFIG),
        String.valueOf(streamsProps.get(StreamsConfig.APPLICATION_ID_CONFIG)));
  }

  public Topics topics() {
    return new Topics(getString(TOPIC_PREFIX_CONFIG));
  }

  public Duration punctuateInterval() {
    return Duration.ofMillis(getLong(PUNCTUATE_INTERVAL_MS_CONFIG));
  }

  public long punctuateBudgetMs() {
    return getLong(PUNCTUATE_BUDGET_MS_CONFIG);
  }

  public double punctuateShareWhenInputLags() {
    return getDouble(PUNCTUATE_SHARE_WHEN_INPUT_LAGS_CONFIG);
  }

  public long inputLagMs() {
    return getLong(INPUT_LAG_MS_CONFIG);
  }

  public long lookaheadMs() {
    return getLong(LOOKAHEAD_MS_CONFIG);
  }

  public long misfireThresholdMs() {
    return getLong(MISFIRE_THRESHOLD_MS_CONFIG);
  }

  public int misfireFireAllMax() {
    return getInt(MISFIRE_FIRE_ALL_MAX_CONFIG);
  }

  public int misfireMaxEvents() {
    return getInt(MISFIRE_MAX_EVENTS_CONFIG);
  }

  public int backfillMaxFirings() {
    return getInt(BACKFILL_MAX_FIRINGS_CONFIG);
  }

  public int historySize() {
    return getInt(HISTORY_SIZE_CONFIG);
  }

  public int maxRecordBytes() {
    return getInt(MAX_RECORD_BYTES_CONFIG);
  }

  /** The topics delayed records may be delivered to. */
  public TopicAllowlist delayDestinations() {
    return TopicAllowlist.of(
        reservedTopics(), getList(DELAY_ALLOW_TOPICS_CONFIG), DELAY_ALLOW_TOPICS_CONFIG);
  }

  public long delayMaxHorizonMs() {
    return getLong(DELAY_MAX_HORIZON_MS_CONFIG);
  }

  public int delayMaxRecordBytes() {
    return getInt(DELAY_MAX_RECORD_BYTES_CONFIG);
  }

  public boolean delayCreateTopics() {
    return getBoolean(DELAY_CREATE_TOPICS_CONFIG);
  }

  public boolean delayStatusEvents() {
    return getBoolean(DELAY_STATUS_EVENTS_CONFIG);
  }
}

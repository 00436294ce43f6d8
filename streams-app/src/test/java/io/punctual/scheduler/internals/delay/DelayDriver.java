package io.punctual.scheduler.internals.delay;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.punctual.StatusEvent;
import io.punctual.client.DelayedRecords;
import io.punctual.scheduler.SchedulerConfig;
import io.punctual.scheduler.internals.NodeNames;
import io.punctual.scheduler.internals.deliver.Destination;
import io.punctual.scheduler.internals.topology.SchedulerTopology;
import io.punctual.serde.PunctualDeserializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/** The scheduler topology in a test driver, for delayed records, with settable destinations. */
final class DelayDriver implements AutoCloseable {
  final TopologyTestDriver driver;
  final SchedulerConfig config;
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final TestInputTopic<byte[], byte[]> delayed;
  private final Map<String, Destination> destinations = new HashMap<>();
  private Instant now;

  DelayDriver(Instant start, Map<String, String> overrides) {
    Map<String, Object> settings = new HashMap<>();
    settings.put("bootstrap.servers", "unused:9092");
    settings.put(SchedulerConfig.INSTANCE_ID_CONFIG, "test");
    settings.putAll(overrides);
    config = new SchedulerConfig(settings);
    Properties properties = new Properties();
    properties.putAll(config.streamsProperties());
    properties.put(
        "state.dir", System.getProperty("java.io.tmpdir") + "/punctual-ttd-" + System.nanoTime());
    Destination exists = Destination.exists(1_048_588, Long.MAX_VALUE);
    driver =
        new TopologyTestDriver(
            SchedulerTopology.build(
                config, meters, topic -> destinations.getOrDefault(topic, exists), () -> 0L),
            properties,
            start);
    now = start;
    delayed =
        driver.createInputTopic(
            config.topics().delayed(), new ByteArraySerializer(), new ByteArraySerializer());
  }

  DelayDriver(Instant start) {
    this(start, Map.of());
  }

  /** What the destinations answer for {@code topic} from now on. */
  void destination(String topic, Destination answer) {
    destinations.put(topic, answer);
  }

  /** Produces a record to the delay topic, timestamped now. */
  void send(String key, String value, Headers headers) {
    delayed.pipeInput(new TestRecord<>(bytes(key), bytes(value), headers, now));
  }

  /** Produces a record without a key to the delay topic, timestamped now. */
  void sendWithoutKey(String value, Headers headers) {
    delayed.pipeInput(new TestRecord<>(null, value == null ? null : bytes(value), headers, now));
  }

  /** The status events written to {@code topic} since the last call. */
  List<StatusEvent> statusEvents(String topic) {
    return driver
        .createOutputTopic(
            topic, new StringDeserializer(), new PunctualDeserializer<>(StatusEvent.class))
        .readValuesToList();
  }

  /** Delay headers delivering to {@code topic} at {@code at}, plus {@code more} (name, value). */
  static Headers at(String topic, Instant at, String... more) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(DelayedRecords.DELIVER_TO, bytes(topic));
    headers.add(DelayedRecords.DELIVER_AT, bytes(at.toString()));
    for (int i = 0; i < more.length; i += 2) {
      headers.add(more[i], bytes(more[i + 1]));
    }
    return headers;
  }

  /** Headers made of (name, value) pairs. */
  static Headers headers(String... pairs) {
    RecordHeaders headers = new RecordHeaders();
    for (int i = 0; i < pairs.length; i += 2) {
      headers.add(pairs[i], bytes(pairs[i + 1]));
    }
    return headers;
  }

  void advance(Duration by) {
    now = now.plus(by);
    driver.advanceWallClockTime(by);
  }

  Instant now() {
    return now;
  }

  /** The records delivered to {@code topic} since the last read. */
  List<TestRecord<byte[], byte[]>> delivered(String topic) {
    return driver
        .createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer())
        .readRecordsToList();
  }

  /** The dead letters since the last read. */
  List<TestRecord<byte[], byte[]>> deadLetters() {
    return delivered(config.topics().deadLetters());
  }

  /** Every entry of the delayed-records store. */
  List<KeyValue<Bytes, byte[]>> stored() {
    KeyValueStore<Bytes, byte[]> store = driver.getKeyValueStore(NodeNames.DELAYED_STORE);
    List<KeyValue<Bytes, byte[]>> all = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
      it.forEachRemaining(all::add);
    }
    return all;
  }

  static byte[] bytes(String text) {
    return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
  }

  static String text(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    driver.close();
  }
}

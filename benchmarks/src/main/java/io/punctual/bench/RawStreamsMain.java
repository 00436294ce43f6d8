package io.punctual.bench;

import io.punctual.Shutdown;
import java.nio.file.Files;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The raw ceilings Punctual is compared with: a Kafka Streams exactly_once_v2 application that
 * forwards each record ({@code passthrough}), or puts each in a changelogged RocksDB store and
 * forwards it ({@code rocksdb}), stamping the output with the wall clock as Punctual stamps
 * invocations. Same commit interval as the scheduler; larger polls and producer batches than the
 * defaults. Runs until SIGTERM.
 *
 * <p>Usage: {@code RawStreamsMain passthrough|rocksdb BOOTSTRAP INPUT OUTPUT [THREADS]}
 */
public final class RawStreamsMain {
  private static final String STORE = "raw-store";

  private RawStreamsMain() {}

  public static void main(String[] args) throws Exception {
    boolean store = args[0].equals("rocksdb");
    Properties properties = new Properties();
    properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "raw-" + args[0] + "-" + args[2]);
    properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, args[1]);
    properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    properties.put(
        StreamsConfig.NUM_STREAM_THREADS_CONFIG, args.length > 4 ? Integer.parseInt(args[4]) : 1);
    properties.put(
        StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("raw-streams").toString());
    properties.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
    // tuned for throughput, so that it is a ceiling: larger polls and producer batches
    properties.put(StreamsConfig.consumerPrefix("max.poll.records"), 5_000);
    properties.put(StreamsConfig.producerPrefix("batch.size"), 65_536);
    Topology topology = new Topology();
    topology.addSource("in", args[2]);
    topology.addProcessor("copy", () -> new Copy(store), "in");
    if (store) {
      topology.addStateStore(
          Stores.keyValueStoreBuilder(
              Stores.persistentKeyValueStore(STORE), Serdes.Bytes(), Serdes.ByteArray()),
          "copy");
    }
    topology.addSink(
        "out", args[3], Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer(), "copy");
    properties.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
    properties.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
    KafkaStreams streams = new KafkaStreams(topology, properties);
    streams.start();
    Shutdown.runUntilSignal("RAW STARTED", streams::close);
  }

  private static final class Copy implements Processor<byte[], byte[], byte[], byte[]> {
    private final boolean store;
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<Bytes, byte[]> kv;

    Copy(boolean store) {
      this.store = store;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
      this.context = context;
      if (store) {
        kv = context.getStateStore(STORE);
      }
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
      if (store) {
        kv.put(Bytes.wrap(record.key()), record.value());
      }
      context.forward(record.withTimestamp(context.currentSystemTimeMs()));
    }
  }
}

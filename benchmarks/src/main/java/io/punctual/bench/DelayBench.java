package io.punctual.bench;

import io.punctual.testkit.JavaProcess;
import io.punctual.testkit.PunctualProcesses;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Scenario 8: delayed records (issue 19), one scheduler instance, beside raw Kafka Streams on the
 * same broker in the same run.
 *
 * <ol>
 *   <li>throughput: N delayed records of 200 B, loaded first, due over a window (and all at one
 *       instant), delivered to a topic whose records carry their append time: delivered records a
 *       second, next to an exactly_once_v2 pass-through of N records of 200 B;
 *   <li>lateness at a sustained rate: records produced at R a second, each due a moment after it is
 *       sent, after a warm-up at the same rate; how late each becomes visible to a read_committed
 *       consumer (and when it was appended), none early;
 *   <li>pending: M delayed records due weeks ahead in store: heap while they are ingested, the
 *       changelog and the state directory per million, and after a kill -9 the time from the
 *       restart to the first delivery of probes due meanwhile.
 * </ol>
 */
@Command(
    name = "delay",
    mixinStandardHelpOptions = true,
    description = "Scenario 8: delayed records: rate vs raw Kafka Streams, lateness, 10 M pending.")
final class DelayBench implements Callable<Integer> {
  @Mixin RunOptions options;

  private static final String PREFIX = "bench-delay";
  private static final int PROBES_PER_SECOND = 100;

  @Option(names = "--records", description = "Delayed records of the throughput runs (1000000).")
  long records = 1_000_000;

  @Option(names = "--window", description = "Window they are due over (default PT10S).")
  Duration window = Duration.ofSeconds(10);

  @Option(names = "--rate", description = "Records/s of the sustained run (default 10000).")
  int rate = 10_000;

  @Option(names = "--duration", description = "How long the sustained run lasts (default PT30S).")
  Duration duration = Duration.ofSeconds(30);

  @Option(names = "--warmup", description = "Warm-up at the same rate before it (default PT10S).")
  Duration warmup = Duration.ofSeconds(10);

  @Option(
      names = "--delay",
      description = "How long after it is sent each sustained record is due (default PT1S).")
  Duration delay = Duration.ofSeconds(1);

  @Option(names = "--pending", description = "Pending delayed records (default 10000000).")
  long pending = 10_000_000;

  @Option(
      names = "--parts",
      split = ",",
      description = "The parts to run (default all): throughput, sustained, pending.")
  List<String> parts = List.of("throughput", "sustained", "pending");

  @Option(
      names = "--profile",
      description = "Record the schedulers with Java Flight Recorder (<work>/<name>.jfr).")
  boolean profile;

  @Override
  public Integer call() throws Exception {
    Path dir = options.workDirectory();
    Figures figures =
        new Figures(
            "benchmarks/run delay --records "
                + records
                + " --window "
                + window
                + " --rate "
                + rate
                + " --duration "
                + duration
                + " --warmup "
                + warmup
                + " --delay "
                + delay
                + " --pending "
                + pending
                + " --parts "
                + String.join(",", parts)
                + options.settingsArguments());
    try (JavaProcess broker = BrokerMain.start(dir)) {
      String bootstrap = BrokerMain.bootstrapOf(broker);
      if (parts.contains("throughput")) {
        double passthrough =
            FiringRateBench.raw(options, bootstrap, dir, "passthrough", records, 1);
        figures.add("raw.streams.eos.passthrough.delay_run.rate", passthrough, "records/s", null);
        figures.writeTo(options.out);
        throughput(figures, bootstrap, dir, "window", window, passthrough);
        figures.writeTo(options.out);
        throughput(figures, bootstrap, dir, "burst", Duration.ZERO, passthrough);
        figures.writeTo(options.out);
      }
      if (parts.contains("sustained")) {
        sustained(figures, bootstrap, dir);
        figures.writeTo(options.out);
      }
      if (parts.contains("pending")) {
        pending(figures, bootstrap, dir);
        figures.writeTo(options.out);
      }
    }
    return 0;
  }

  private String key(String part) {
    return "punctual.delay." + part + options.tunedSuffix();
  }

  /** Records loaded first, due over {@code spread} once the scheduler has ingested them. */
  private void throughput(
      Figures figures, String bootstrap, Path dir, String name, Duration spread, double raw)
      throws Exception {
    String prefix = PREFIX + "-" + name;
    String destination = "delivered." + prefix;
    Load.createTopic(bootstrap, prefix + ".delayed", options.partitions, false);
    Load.createDestination(bootstrap, destination, options.partitions);
    Instant start = Instant.now().plus(Duration.ofMillis(Math.max(20_000, records / 10)));
    long stepNanos = spread.toNanos() / records;
    Load.produceDelayed(
        bootstrap,
        prefix + ".delayed",
        destination,
        records,
        i -> "d" + i,
        i -> start.plusNanos(stepNanos * i));
    try (JavaProcess scheduler = scheduler(prefix, dir, bootstrap)) {
      Instant ready = Instant.now();
      Instant ingested = Load.awaitCommitted(bootstrap, prefix, prefix + ".delayed", records);
      System.out.printf(
          "%s: ingested %d in %s; due from %s%n",
          name, records, Duration.between(ready, ingested), start);
      TopicMeter.Measure delivered =
          TopicMeter.readDelivered(
              bootstrap, destination, records, Duration.ofSeconds(120), record -> true);
      String key = key(name);
      figures.add(key + ".rate", delivered.rate(), "records/s", "≥ 50000");
      figures.add(key + ".ratio_to_raw_passthrough", delivered.rate() / raw, "ratio", "≥ 0.5");
      figures.add(key + ".delivered", delivered.records(), "records", "= " + records);
      figures.add(key + ".duplicates", delivered.duplicates(), "records", "= 0");
      figures.add(key + ".early", delivered.early(), "records", "= 0");
      figures.add(key + ".append_lateness.p50", delivered.lateness(0.5), "ms", null);
      figures.add(key + ".append_lateness.p99", delivered.lateness(0.99), "ms", null);
      figures.add(
          key + ".ingest.rate",
          records * 1000.0 / Math.max(1, Duration.between(ready, ingested).toMillis()),
          "records/s",
          null);
      figures.add(key + ".scheduler.rss", scheduler.rssBytes() / (1024.0 * 1024), "MiB", null);
      if (ingested.isAfter(start)) {
        System.out.println(
            "WARNING " + name + ": ingestion was still running at the first instant");
      }
    }
  }

  private JavaProcess scheduler(String prefix, Path dir, String bootstrap)
      throws InterruptedException {
    return PunctualProcesses.scheduler(
        prefix,
        dir,
        options.heap,
        profile,
        bootstrap,
        options.tuned(
            new PunctualProcesses.Scheduler(
                prefix, options.partitions, 1, dir.resolve(prefix + "-state"))));
  }

  /**
   * Records produced at {@code rate} a second, each due {@code delay} after it is sent; a consumer
   * reading the destination as it goes measures when each becomes visible.
   */
  private void sustained(Figures figures, String bootstrap, Path dir) throws Exception {
    String prefix = PREFIX + "-sustained";
    String destination = "delivered." + prefix;
    Load.createTopic(bootstrap, prefix + ".delayed", options.partitions, false);
    Load.createDestination(bootstrap, destination, options.partitions);
    long warm = rate * warmup.toSeconds();
    long count = rate * duration.toSeconds();
    try (JavaProcess scheduler = scheduler(prefix, dir, bootstrap);
        Arrivals arrivals = new Arrivals(bootstrap, destination, options.partitions)) {
      Instant first = Instant.now().plus(delay).plusSeconds(1);
      long stepNanos = 1_000_000_000L / rate;
      try (KafkaProducer<byte[], byte[]> producer =
          new KafkaProducer<>(
              Map.of("bootstrap.servers", bootstrap, "acks", "all", "linger.ms", 5),
              new ByteArraySerializer(),
              new ByteArraySerializer())) {
        for (long i = 0; i < warm + count; i++) {
          Instant at = first.plusNanos(stepNanos * i);
          long sendAt = at.minus(delay).toEpochMilli();
          long wait = sendAt - System.currentTimeMillis();
          if (wait > 0) {
            Thread.sleep(wait);
          }
          producer.send(
              Load.delayed(prefix + ".delayed", destination, (i < warm ? "w" : "s") + i, at, i));
        }
      }
      System.out.printf("sustained: sent %d by %s%n", warm + count, Instant.now());
      arrivals.await(warm + count, Duration.ofSeconds(60));
      System.out.printf("sustained: %d arrived by %s%n", arrivals.received(), Instant.now());
      String key = key("sustained_" + rate);
      Arrivals.Figures measured = arrivals.measured();
      figures.add(key + ".delivered", measured.count(), "records", "= " + count);
      figures.add(key + ".duplicates", measured.duplicates(), "records", "= 0");
      figures.add(key + ".early", measured.early(), "records", "= 0");
      figures.add(key + ".visible_lateness.p50", measured.visible(0.5), "ms", null);
      figures.add(key + ".visible_lateness.p99", measured.visible(0.99), "ms", "≤ 150");
      figures.add(key + ".visible_lateness.max", measured.visible(1.0), "ms", null);
      figures.add(key + ".append_lateness.p50", measured.appended(0.5), "ms", null);
      figures.add(key + ".append_lateness.p99", measured.appended(0.99), "ms", null);
      figures.add(key + ".scheduler.rss", scheduler.rssBytes() / (1024.0 * 1024), "MiB", null);
    }
  }

  /**
   * Delayed records due weeks ahead, ingested and held; then probes due around a kill -9 of the
   * scheduler and its restart on the same state.
   */
  private void pending(Figures figures, String bootstrap, Path dir) throws Exception {
    String prefix = PREFIX + "-pending";
    String destination = "delivered." + prefix;
    Load.createTopic(bootstrap, prefix + ".delayed", options.partitions, false);
    Load.createDestination(bootstrap, destination, options.partitions);
    Instant now = Instant.now();
    Instant later = now.plus(Duration.ofDays(30));
    Load.produceDelayed(
        bootstrap,
        prefix + ".delayed",
        destination,
        pending,
        i -> "p" + i,
        i -> later.plusMillis(i % 86_400_000));
    System.out.printf(
        "loaded %d pending delayed records in %s%n", pending, Duration.between(now, Instant.now()));
    Path state = dir.resolve(prefix + "-state");
    PunctualProcesses.Scheduler setup =
        options.tuned(
            new PunctualProcesses.Scheduler(prefix, options.partitions, 1, state)
                .with("group.instance.id", prefix + "-1"));
    String key = key("pending_" + (pending % 1_000_000 == 0 ? pending / 1_000_000 + "m" : pending));
    JavaProcess scheduler =
        PunctualProcesses.scheduler(prefix, dir, options.heap, false, bootstrap, setup);
    try {
      Instant ready = Instant.now();
      String metrics = PunctualProcesses.schedulerMetrics(scheduler);
      try (ProcessSampler memory =
          ProcessSampler.forScheduler(
              metrics, scheduler::rssBytes, dir.resolve(prefix + "-memory.csv"))) {
        Instant ingested = Load.awaitCommitted(bootstrap, prefix, prefix + ".delayed", pending);
        double seconds = Duration.between(ready, ingested).toMillis() / 1000.0;
        figures.add(key + ".ingest.rate", pending / seconds, "records/s", null);
        figures.add(key + ".heap.max_used", memory.heap().max(), "MiB", "≤ 1024");
        figures.add(key + ".rss.after_ingest", memory.rss().last(), "MiB", null);
        figures.add(
            key + ".changelog_per_million",
            Load.topicBytes(
                    bootstrap, topic -> topic.startsWith(prefix) && topic.endsWith("-changelog"))
                / (1024.0 * 1024)
                / (pending / 1e6),
            "MiB",
            null);
        figures.writeTo(options.out);
      }
      GcLog.Heap gc = GcLog.read(dir.resolve(prefix + "-gc.log"));
      figures.add(key + ".heap.gc.max_before", gc.maxBeforeMiB(), "MiB", "≤ 1024");
      scheduler = restart(figures, key, bootstrap, dir, scheduler, setup, destination);
    } finally {
      scheduler.close();
    }
    figures.add(
        key + ".state_dir_per_million", ScaleBench.megabytes(state) / (pending / 1e6), "MiB", null);
  }

  private JavaProcess restart(
      Figures figures,
      String key,
      String bootstrap,
      Path dir,
      JavaProcess scheduler,
      PunctualProcesses.Scheduler setup,
      String destination)
      throws Exception {
    String prefix = setup.prefix();
    long count = PROBES_PER_SECOND * 60L;
    Instant first = Instant.now().plusSeconds(10);
    Load.produceDelayed(
        bootstrap,
        prefix + ".delayed",
        destination,
        count,
        i -> "probe-" + i,
        i -> first.plusMillis(i * 1000 / PROBES_PER_SECOND));
    Thread.sleep(Math.max(0, Duration.between(Instant.now(), first.plusSeconds(10)).toMillis()));
    scheduler.kill();
    Instant restarted = Instant.now();
    System.out.println("killed the scheduler (SIGKILL) at " + restarted);
    JavaProcess again =
        PunctualProcesses.scheduler(
            prefix + "-restarted", dir, options.heap, false, bootstrap, setup);
    TopicMeter.Measure probes =
        TopicMeter.readDelivered(bootstrap, destination, count, Duration.ofSeconds(120), r -> true);
    long firstAfter = firstAppendedAfter(bootstrap, destination, restarted.toEpochMilli());
    String restart = key + ".restart";
    figures.add(
        restart + ".to_first_delivery",
        firstAfter < 0 ? -1 : (firstAfter - restarted.toEpochMilli()) / 1000.0,
        "s",
        "≤ 10");
    figures.add(
        restart + ".replayed_records", PunctualProcesses.replayedRecords(again), "records", null);
    figures.add(restart + ".probes", count, "records", null);
    figures.add(restart + ".probes.delivered", probes.records(), "records", "= " + count);
    figures.add(restart + ".probes.duplicates", probes.duplicates(), "records", "= 0");
    figures.add(restart + ".probes.early", probes.early(), "records", "= 0");
    return again;
  }

  /** The first append time at or after {@code since} on {@code topic}; -1 when none. */
  private static long firstAppendedAfter(String bootstrap, String topic, long since) {
    long first = Long.MAX_VALUE;
    try (KafkaConsumer<byte[], byte[]> consumer = TopicMeter.readCommitted(bootstrap)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.timestamp() >= since) {
            first = Math.min(first, record.timestamp());
          }
        }
      }
    }
    return first == Long.MAX_VALUE ? -1 : first;
  }

  /**
   * Reads a destination as records arrive (read_committed, from its end at the start), and keeps
   * for each measured record (key starting with {@code s}) when it became visible and when it was
   * appended, against its instant.
   */
  private static final class Arrivals implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread reader;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Set<String> seen = new HashSet<>();
    private long[] visible = new long[1024];
    private long[] appended = new long[1024];
    private int measured;
    private long received;
    private long duplicates;
    private long early;

    /** What the measured records showed. */
    record Figures(int count, long duplicates, long early, long[] visible, long[] appended) {
      long visible(double q) {
        return quantile(visible, q);
      }

      long appended(double q) {
        return quantile(appended, q);
      }

      private static long quantile(long[] sorted, double q) {
        if (sorted.length == 0) {
          return -1;
        }
        return sorted[
            (int) Math.max(0, Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1))];
      }
    }

    Arrivals(String bootstrap, String topic, int partitions) {
      consumer = TopicMeter.readCommitted(bootstrap);
      List<TopicPartition> all =
          java.util.stream.IntStream.range(0, partitions)
              .mapToObj(p -> new TopicPartition(topic, p))
              .toList();
      consumer.assign(all);
      consumer.seekToEnd(all);
      all.forEach(consumer::position);
      reader = new Thread(this::read, "arrivals");
      reader.start();
    }

    private void read() {
      while (!stop.get()) {
        var batch = consumer.poll(Duration.ofMillis(20));
        long now = System.currentTimeMillis();
        synchronized (this) {
          for (ConsumerRecord<byte[], byte[]> record : batch) {
            received++;
            String key = new String(record.key(), StandardCharsets.UTF_8);
            long at = Long.parseLong(TopicMeter.header(record, "punctual-scheduled-at"));
            if (!seen.add(key)) {
              duplicates++;
              continue;
            }
            if (record.timestamp() < at || now < at) {
              early++;
            }
            if (key.charAt(0) == 's') {
              if (measured == visible.length) {
                visible = Arrays.copyOf(visible, measured * 2);
                appended = Arrays.copyOf(appended, measured * 2);
              }
              visible[measured] = now - at;
              appended[measured] = record.timestamp() - at;
              measured++;
            }
          }
          notifyAll();
        }
      }
    }

    synchronized void await(long count, Duration timeout) throws InterruptedException {
      long end = System.currentTimeMillis() + timeout.toMillis();
      while (received < count && System.currentTimeMillis() < end) {
        wait(200);
      }
    }

    synchronized long received() {
      return received;
    }

    synchronized Figures measured() {
      long[] v = Arrays.copyOf(visible, measured);
      long[] a = Arrays.copyOf(appended, measured);
      Arrays.sort(v);
      Arrays.sort(a);
      return new Figures(measured, duplicates, early, v, a);
    }

    @Override
    public void close() {
      stop.set(true);
      try {
        reader.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      consumer.close();
    }
  }
}

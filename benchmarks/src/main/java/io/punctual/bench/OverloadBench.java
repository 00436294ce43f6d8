package io.punctual.bench;

import io.punctual.testkit.JavaProcess;
import io.punctual.testkit.PunctualProcesses;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Scenario 7: input under overload. A scheduler and an executor, each in its own JVM, get more
 * recurring firings than they can keep up with (fixed-rate timers every second, delivering a Kafka
 * record, so that every firing comes back as outcomes on the status topic); once they have been
 * behind for a while, probe timers among them are deleted one a second. Measured: from each delete
 * record to the probe's last firing (the time the delete took to apply), and the firing rate
 * sustained meanwhile, against the rate offered.
 */
@Command(
    name = "overload",
    mixinStandardHelpOptions = true,
    description = "Scenario 7: deletes applied while firing is overloaded.")
final class OverloadBench implements Callable<Integer> {
  private static final String PREFIX = "bench-overload";
  private static final String OUT = "overload-out";
  private static final double MIB = 1024.0 * 1024;

  @Mixin RunOptions options;

  @Option(
      names = "--rate",
      description = "Firings offered per second: that many timers every second (default 20000).")
  int rate = 20_000;

  @Option(names = "--probes", description = "Probe timers deleted, one a second (default 20).")
  int probes = 20;

  @Option(
      names = "--behind",
      description = "Time overloaded before the first delete (default PT30S).")
  Duration behind = Duration.ofSeconds(30);

  @Option(names = "--settle", description = "Time watched after the last delete (default PT30S).")
  Duration settle = Duration.ofSeconds(30);

  @Override
  public Integer call() throws Exception {
    Path dir = options.workDirectory();
    Figures figures =
        new Figures(
            "benchmarks/run overload --rate "
                + rate
                + " --probes "
                + probes
                + options.settingsArguments());
    try (JavaProcess broker = BrokerMain.start(dir)) {
      String bootstrap = BrokerMain.bootstrapOf(broker);
      Load.createTopic(bootstrap, PREFIX + ".timers", options.partitions, true);
      Load.createTopic(bootstrap, OUT, options.partitions, false);
      Instant start = Instant.now().plus(Duration.ofSeconds(Math.max(30, rate / 1000)));
      Load.produce(
          bootstrap,
          PREFIX + ".timers",
          rate + probes,
          i -> i < rate ? "r" + i : "probe-" + (i - rate),
          i -> everySecond(start.plusMillis(i % 1000)));
      PunctualProcesses.Scheduler setup =
          options.tuned(
              new PunctualProcesses.Scheduler(
                  PREFIX, options.partitions, 1, dir.resolve(PREFIX + "-state")));
      try (JavaProcess scheduler =
              PunctualProcesses.scheduler("scheduler", dir, options.heap, false, bootstrap, setup);
          JavaProcess executor =
              PunctualProcesses.executor(
                  "executor", dir, options.heap, false, bootstrap, PREFIX, Map.of());
          Watch watch = Watch.start(bootstrap)) {
        Instant ingested = Load.awaitCommitted(bootstrap, PREFIX, PREFIX + ".timers", rate);
        System.out.printf("ingested %d timers at %s, first instant %s%n", rate, ingested, start);
        if (ingested.isAfter(start)) {
          System.out.println("WARNING: ingestion was still running at the first instant");
        }
        sleepUntil(start.plus(behind));
        long[] deletedAt = deleteProbes(bootstrap);
        Thread.sleep(settle.toMillis());
        double rested =
            ProcessSampler.scrape(
                PunctualProcesses.schedulerMetrics(scheduler),
                "punctual_firing_rested_seconds_total");
        long watched = Duration.between(start, Instant.now()).toSeconds();
        System.out.printf("firing rested %.1f s in %d s%n", rested, watched);
        report(figures, watch, deletedAt, start);
        String key = "punctual.overload" + options.tunedSuffix();
        figures.add(key + ".scheduler.rss", scheduler.rssBytes() / MIB, "MiB", null);
        figures.add(key + ".executor.rss", executor.rssBytes() / MIB, "MiB", null);
        figures.add(key + ".firing_rested", rested / watched, "task-seconds/s", null);
      }
    }
    figures.writeTo(options.out);
    return 0;
  }

  /** Deletes probe i at the i-th second; returns each delete record's timestamp. */
  private long[] deleteProbes(String bootstrap) throws Exception {
    long[] deletedAt = new long[probes];
    Map<String, Object> config = Map.of("bootstrap.servers", bootstrap, "acks", "all");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < probes; i++) {
        long now = System.currentTimeMillis();
        deletedAt[i] = now;
        producer
            .send(
                new ProducerRecord<byte[], byte[]>(
                    PREFIX + ".timers",
                    null,
                    Long.valueOf(now),
                    ("probe-" + i).getBytes(StandardCharsets.UTF_8),
                    null))
            .get();
        Thread.sleep(1000);
      }
    }
    return deletedAt;
  }

  private void report(Figures figures, Watch watch, long[] deletedAt, Instant start) {
    String key = "punctual.overload" + options.tunedSuffix();
    long[] applied = new long[probes];
    for (int i = 0; i < probes; i++) {
      Long last = watch.lastFiring.get("probe-" + i);
      applied[i] = last == null ? 0 : Math.max(0, last - deletedAt[i]);
      System.out.printf("probe-%d: deleted at %d, last fired %s%n", i, deletedAt[i], last);
    }
    Arrays.sort(applied);
    long fromSecond = start.plus(Duration.ofSeconds(10)).getEpochSecond();
    long toSecond = deletedAt[probes - 1] / 1000;
    double fired = watch.firedBetween(fromSecond, toSecond) / (double) (toSecond - fromSecond);
    figures.add(key + ".offered.rate", rate + probes, "firings/s", null);
    figures.add(key + ".fired.rate", fired, "firings/s", null);
    figures.add(key + ".overload_factor", (rate + probes) / fired, "ratio", "≥ 2");
    figures.add(key + ".delete_applied.p50", applied[probes / 2], "ms", null);
    figures.add(key + ".delete_applied.max", applied[probes - 1], "ms", "≤ 5000");
    figures.add(
        key + ".trigger_lateness.at_last_delete",
        watch.latenessAt(deletedAt[probes - 1]),
        "ms",
        null);
  }

  private static byte[] everySecond(Instant first) {
    return ("{\"schedule\": {\"every\": \"PT1S\", \"startAt\": \""
            + first
            + "\"}, \"target\": {\"kafka\": {\"topic\": \""
            + OUT
            + "\"}}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static void sleepUntil(Instant instant) throws InterruptedException {
    long wait = Duration.between(Instant.now(), instant).toMillis();
    if (wait > 0) {
      Thread.sleep(wait);
    }
  }

  /**
   * Reads the triggers topic read_committed as the run goes: firings per emission second, the
   * lateness of each second's firings, and the last firing of every probe.
   */
  private static final class Watch implements AutoCloseable {
    private final Map<String, Long> lastFiring = new ConcurrentHashMap<>();
    private final Map<Long, AtomicLong> perSecond = new ConcurrentHashMap<>();
    private final Map<Long, AtomicLong> latenessPerSecond = new ConcurrentHashMap<>();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Thread thread;

    private Watch(String bootstrap) {
      this.thread = new Thread(() -> run(bootstrap), "overload-watch");
    }

    static Watch start(String bootstrap) {
      Watch watch = new Watch(bootstrap);
      watch.thread.start();
      return watch;
    }

    private void run(String bootstrap) {
      String topic = PREFIX + ".triggers";
      try (KafkaConsumer<byte[], byte[]> consumer = TopicMeter.readCommitted(bootstrap)) {
        List<TopicPartition> partitions = new ArrayList<>();
        while (partitions.isEmpty() && !stopped.get()) {
          consumer.partitionsFor(topic).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .forEach(partitions::add);
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        while (!stopped.get()) {
          for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
            long second = record.timestamp() / 1000;
            perSecond.computeIfAbsent(second, s -> new AtomicLong()).incrementAndGet();
            String scheduled = TopicMeter.header(record, "punctual-scheduled-at");
            long late = record.timestamp() - Long.parseLong(scheduled);
            latenessPerSecond
                .computeIfAbsent(second, s -> new AtomicLong())
                .accumulateAndGet(late, Math::max);
            String timer = new String(record.key(), StandardCharsets.UTF_8);
            if (timer.startsWith("probe-")) {
              lastFiring.merge(timer, record.timestamp(), Math::max);
            }
          }
        }
      }
    }

    /** Firings emitted from second {@code from} (inclusive) to {@code to} (exclusive). */
    long firedBetween(long from, long to) {
      long total = 0;
      for (long second = from; second < to; second++) {
        AtomicLong count = perSecond.get(second);
        total += count == null ? 0 : count.get();
      }
      return total;
    }

    /** The greatest lateness of the firings emitted in the second of {@code ms}. */
    long latenessAt(long ms) {
      AtomicLong late = latenessPerSecond.get(ms / 1000);
      return late == null ? -1 : late.get();
    }

    @Override
    public void close() {
      stopped.set(true);
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

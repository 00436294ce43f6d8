package io.punctual.bench;

import io.punctual.testkit.JavaProcess;
import io.punctual.testkit.PunctualProcesses;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Scenario 1: how many firings per second one scheduler instance sustains, next to the raw ceilings
 * of Kafka Streams measured on the same broker in the same run.
 *
 * <ol>
 *   <li>a broker in its own JVM;
 *   <li>raw ceilings: N records of 200 B through an exactly_once_v2 pass-through app, then through
 *       an app that also puts each in RocksDB;
 *   <li>Punctual, twice (timers due over a short window; all due at one instant): N one-shot
 *       definitions produced first, then one scheduler instance (its own JVM, {@code bin/punctual
 *       scheduler}) ingests them and fires each at its instant; the triggers are read
 *       read_committed and every invocation id checked.
 * </ol>
 */
@Command(
    name = "firing-rate",
    mixinStandardHelpOptions = true,
    description = "Scenario 1: firings/s of one scheduler instance vs raw Kafka Streams.")
final class FiringRateBench implements Callable<Integer> {
  @Mixin RunOptions options;

  private static final Pattern RAW = Pattern.compile("(RAW STARTED)");

  @Option(names = "--timers", description = "Timers (and raw records) per run (default 1000000).")
  long count = 1_000_000;

  @Option(names = "--window", description = "Window the timers are due over (default PT10S).")
  Duration window = Duration.ofSeconds(10);

  @Option(
      names = "--threads",
      description = "Stream threads of the scheduler and of the raw apps (default 1).")
  int threads = 1;

  @Option(
      names = "--lead",
      description =
          "Time between the end of loading and the first instant, for the scheduler to start and"
              + " ingest (default: 20 s or 0.1 ms per timer, the larger).")
  Duration lead;

  @Option(
      names = "--profile",
      description = "Record the scheduler JVMs with Java Flight Recorder (<work>/<run>.jfr).")
  boolean profile;

  @Option(
      names = "--skip-raw",
      description = "Leave out the raw ceilings (to profile Punctual alone; then no ratio).")
  boolean skipRaw;

  @Override
  public Integer call() throws Exception {
    Path dir = options.workDirectory();
    Figures figures =
        new Figures(
            "benchmarks/run firing-rate --timers "
                + count
                + " --window "
                + window
                + (threads == 1 ? "" : " --threads " + threads)
                + options.settingsArguments());
    try (JavaProcess broker = BrokerMain.start(dir)) {
      String bootstrap = BrokerMain.bootstrapOf(broker);
      double passthrough = Double.NaN;
      if (!skipRaw) {
        passthrough = raw(options, bootstrap, dir, "passthrough", count, threads);
        double rocksdb = raw(options, bootstrap, dir, "rocksdb", count, threads);
        figures.add(
            "raw.streams.eos.passthrough" + suffix() + ".rate", passthrough, "records/s", null);
        figures.add("raw.streams.eos.rocksdb" + suffix() + ".rate", rocksdb, "records/s", null);
        figures.writeTo(options.out);
      }
      report(figures, "window", punctual(bootstrap, dir, "window", window), passthrough);
      figures.writeTo(options.out);
      report(figures, "burst", punctual(bootstrap, dir, "burst", Duration.ZERO), passthrough);
      figures.writeTo(options.out);
    }
    return 0;
  }

  /**
   * What tells the figures of a run with more than one stream thread apart: the raw apps run with
   * as many threads as the scheduler, so that the ratio compares like with like.
   */
  private String suffix() {
    return threads == 1 ? "" : ".threads_" + threads;
  }

  /**
   * The rate of a raw Kafka Streams app ({@link RawStreamsMain} {@code mode}) through {@code count}
   * records of 200 B, measured on the broker of the run.
   */
  static double raw(
      RunOptions options, String bootstrap, Path dir, String mode, long count, int threads)
      throws Exception {
    String in = "raw-" + mode + "-in";
    String out = "raw-" + mode + "-out";
    Load.createTopic(bootstrap, in, options.partitions, false);
    Load.createTopic(bootstrap, out, options.partitions, false);
    Load.produce(bootstrap, in, count, Long::toString, Load::payload);
    try (JavaProcess app =
        JavaProcess.start(
            "raw-" + mode,
            dir,
            options.heap,
            RawStreamsMain.class.getName(),
            List.of(mode, bootstrap, in, out, Integer.toString(threads)))) {
      app.await(RAW, Duration.ofSeconds(60));
      TopicMeter.Measure measure = TopicMeter.read(bootstrap, out, count, Duration.ofSeconds(60));
      System.out.printf("raw %s: %d records, %.0f/s%n", mode, measure.records(), measure.rate());
      return measure.rate();
    }
  }

  /** One Punctual run and what it showed. */
  record Run(
      TopicMeter.Measure triggers, double ingestRate, boolean ingestOverlapped, long rssBytes) {}

  private Run punctual(String bootstrap, Path dir, String name, Duration spread) throws Exception {
    String prefix = "bench-" + name;
    Load.createTopic(bootstrap, prefix + ".timers", options.partitions, true);
    Duration ahead = lead != null ? lead : Duration.ofMillis(Math.max(20_000, count / 10));
    Instant start = Instant.now().plus(ahead);
    long stepNanos = spread.toNanos() / count;
    Load.produce(
        bootstrap,
        prefix + ".timers",
        count,
        i -> "t" + i,
        i -> Load.oneShot(start.plusNanos(stepNanos * i)));
    Instant produced = Instant.now();
    PunctualProcesses.Scheduler setup =
        options.tuned(
            new PunctualProcesses.Scheduler(
                prefix, options.partitions, threads, dir.resolve(prefix + "-state")));
    try (JavaProcess scheduler =
        PunctualProcesses.scheduler(prefix, dir, options.heap, profile, bootstrap, setup)) {
      Instant ready = Instant.now();
      Instant ingested = Load.awaitCommitted(bootstrap, prefix, prefix + ".timers", count);
      double ingestRate =
          count * 1000.0 / Math.max(1, Duration.between(ready, ingested).toMillis());
      System.out.printf(
          "%s: produced %s, ingested %s (%.0f/s), due from %s%n",
          name, produced, ingested, ingestRate, start);
      TopicMeter.Measure triggers =
          TopicMeter.read(bootstrap, prefix + ".triggers", count, Duration.ofSeconds(120));
      long rss = scheduler.rssBytes();
      return new Run(triggers, ingestRate, ingested.isAfter(start), rss);
    }
  }

  private void report(Figures figures, String name, Run run, double passthrough) {
    TopicMeter.Measure t = run.triggers();
    String key = "punctual.firing." + name + suffix() + options.tunedSuffix();
    figures.add(key + ".rate", t.rate(), "firings/s", "≥ 50000");
    if (!Double.isNaN(passthrough)) {
      figures.add(key + ".ratio_to_raw_passthrough", t.rate() / passthrough, "ratio", "≥ 0.5");
    }
    figures.add(key + ".fired", t.records(), "firings", "= " + count);
    figures.add(key + ".duplicates", t.duplicates(), "firings", "= 0");
    figures.add(key + ".early", t.early(), "firings", "= 0");
    figures.add(key + ".trigger_lateness.p50", t.lateness(0.5), "ms", null);
    figures.add(key + ".trigger_lateness.p99", t.lateness(0.99), "ms", null);
    figures.add(key + ".trigger_lateness.max", t.lateness(1.0), "ms", null);
    figures.add(key + ".ingest.rate", run.ingestRate(), "timers/s", null);
    figures.add(key + ".scheduler.rss", run.rssBytes() / (1024.0 * 1024), "MiB", null);
    if (run.ingestOverlapped()) {
      System.out.println("WARNING " + name + ": ingestion was still running at the first instant");
    }
  }
}

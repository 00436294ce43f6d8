package io.punctual.bench;

import io.punctual.testkit.JavaProcess;
import io.punctual.testkit.PunctualProcesses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Scenario 3 (pending scale) and the restart of scenario 4, in one run on one broker.
 *
 * <ol>
 *   <li>N pending timers (half yearly crons in four zones, half one-shots weeks ahead) are loaded,
 *       then one scheduler instance ingests them: ingestion rate, heap and RSS (sampled), and the
 *       state directory's size per million timers;
 *   <li>with them pending, a steady load of one-shots (rate × duration, after a warm-up at the same
 *       rate, as in scenario 2) fires: rate, trigger lateness, duplicates, early, and the lateness
 *       per second ({@code <work>/bench-scale-steady-lateness.csv});
 *   <li>probes due 100 a second run across a kill -9 of the instance and its restart on the same
 *       state directory: time to the first firing and until firings are on time again; what fell
 *       due meanwhile fires late or, past the misfire threshold, follows its policy (half
 *       FIRE_ONCE, half SKIP); every probe is accounted for.
 * </ol>
 */
@Command(
    name = "scale",
    mixinStandardHelpOptions = true,
    description = "Scenarios 3 and 4 (restart): 10 M pending timers, and a kill -9 with them.")
final class ScaleBench implements Callable<Integer> {
  @Mixin RunOptions options;

  private static final String PREFIX = "bench-scale";
  private static final int PROBES_PER_SECOND = 100;
  private static final long MISFIRE_THRESHOLD_MS = 10_000;

  @Option(names = "--pending", description = "Pending timers (default 10000000).")
  long pending = 10_000_000;

  @Option(names = "--rate", description = "Firings/s of the steady load (default 10000).")
  int rate = 10_000;

  @Option(names = "--duration", description = "How long the steady load lasts (default PT30S).")
  Duration duration = Duration.ofSeconds(30);

  @Option(
      names = "--warmup",
      description =
          "Firings at the same rate before the measured ones, while the firing path's compilers"
              + " warm up, as in scenario 2 (default PT10S).")
  Duration warmup = Duration.ofSeconds(10);

  @Option(
      names = "--probe-span",
      description = "How long probes fall due around the kill -9 (default PT5M).")
  Duration probeSpan = Duration.ofMinutes(5);

  @Option(names = "--threads", description = "Stream threads of the scheduler (default 1).")
  int threads = 1;

  @Option(names = "--skip-restart", description = "Leave out the kill -9 and restart.")
  boolean skipRestart;

  @Option(
      names = "--profile",
      description =
          "Record the scheduler JVMs with Java Flight Recorder (<work>/bench-scale.jfr, dumped"
              + " before the kill; <work>/bench-scale-restarted.jfr).")
  boolean profile;

  @Override
  public Integer call() throws Exception {
    Path dir = options.workDirectory();
    Figures figures =
        new Figures(
            "benchmarks/run scale --pending "
                + pending
                + " --rate "
                + rate
                + " --duration "
                + duration
                + " --warmup "
                + warmup
                + (threads == 1 ? "" : " --threads " + threads)
                + options.settingsArguments());
    String key =
        "punctual.scale."
            + (pending % 1_000_000 == 0 ? pending / 1_000_000 + "m" : Long.toString(pending))
            + (threads == 1 ? "" : ".threads_" + threads)
            + options.tunedSuffix();
    try (JavaProcess broker = BrokerMain.start(dir)) {
      String bootstrap = BrokerMain.bootstrapOf(broker);
      Load.createTopic(bootstrap, PREFIX + ".timers", options.partitions, true);
      Instant now = Instant.now();
      Load.produce(bootstrap, PREFIX + ".timers", pending, i -> "c" + i, i -> Load.pending(i, now));
      System.out.printf(
          "loaded %d pending timers in %s%n", pending, Duration.between(now, Instant.now()));
      Path state = dir.resolve(PREFIX + "-state");
      PunctualProcesses.Scheduler setup =
          new PunctualProcesses.Scheduler(PREFIX, options.partitions, threads, state)
              .with("punctual.misfire.threshold.ms", Long.toString(MISFIRE_THRESHOLD_MS))
              .with("group.instance.id", PREFIX + "-1");
      setup = options.tuned(setup);
      JavaProcess scheduler =
          PunctualProcesses.scheduler(PREFIX, dir, options.heap, profile, bootstrap, setup);
      try {
        Instant ready = Instant.now();
        String metrics = PunctualProcesses.schedulerMetrics(scheduler);
        try (ProcessSampler memory =
            ProcessSampler.forScheduler(
                metrics, scheduler::rssBytes, dir.resolve("scheduler-memory.csv"))) {
          Instant ingested = Load.awaitCommitted(bootstrap, PREFIX, PREFIX + ".timers", pending);
          double seconds = Duration.between(ready, ingested).toMillis() / 1000.0;
          figures.add(key + ".ingest.rate", pending / seconds, "timers/s", null);
          double millions = pending / 1e6;
          figures.add(
              key + ".changelogs_per_million",
              Load.topicBytes(bootstrap, topic -> topic.endsWith("-changelog"))
                  / (1024.0 * 1024)
                  / millions,
              "MiB",
              null);
          figures.add(key + ".heap.max_used_ingesting", memory.heap().max(), "MiB", "≤ 1024");
          figures.add(key + ".rss.after_ingest", memory.rss().last(), "MiB", null);
          figures.writeTo(options.out);

          steady(figures, key, bootstrap, dir);
          figures.add(key + ".heap.max_used", memory.heap().max(), "MiB", "≤ 1024");
          GcLog.Heap gc = GcLog.read(dir.resolve(PREFIX + "-gc.log"));
          figures.add(key + ".heap.gc.max_before", gc.maxBeforeMiB(), "MiB", "≤ 1024");
          figures.add(key + ".heap.gc.max_after", gc.maxAfterMiB(), "MiB", null);
          figures.add(key + ".heap.gc.full_collections", gc.fullPauses(), "pauses", "= 0");
          figures.add(key + ".rss.max", memory.rss().max(), "MiB", null);
          figures.writeTo(options.out);
        }
        if (!skipRestart) {
          scheduler = restart(figures, key, bootstrap, dir, scheduler, setup);
          figures.writeTo(options.out);
        }
      } finally {
        scheduler.close();
      }
      // RocksDB flushes its memtables at a clean close: only then is the state directory's size
      // that of the timers it holds
      figures.add(key + ".state_dir_per_million", megabytes(state) / (pending / 1e6), "MiB", null);
      figures.writeTo(options.out);
    }
    return 0;
  }

  /**
   * Fires {@code rate} one-shots a second for {@code warmup} then {@code duration}, with the
   * pending ones in store; measures the latter. Without the warm-up, the first seconds measure the
   * compilers: the firing path runs for the first time, and firings fell up to 1.4 s late until it
   * was compiled (each later second had none over 100 ms late).
   */
  private void steady(Figures figures, String key, String bootstrap, Path dir) {
    long count = rate * duration.toSeconds();
    long warm = rate * warmup.toSeconds();
    Instant start = Instant.now().plus(Duration.ofMillis(20_000 + (warm + count) / 20));
    long stepNanos = 1_000_000_000L / rate;
    Load.produce(
        bootstrap,
        PREFIX + ".timers",
        warm + count,
        i -> (i < warm ? "w" : "s") + i,
        i -> Load.oneShot(start.plusNanos(stepNanos * i)));
    TopicMeter.Measure fired =
        TopicMeter.read(
            bootstrap,
            PREFIX + ".triggers",
            count,
            Duration.ofSeconds(60),
            record -> record.key()[0] == 's');
    fired.writeTimeline(dir.resolve(PREFIX + "-steady-lateness.csv"));
    String steady = key + ".steady_" + rate;
    figures.add(steady + ".rate", fired.rate(), "firings/s", "= " + rate);
    figures.add(steady + ".fired", fired.records(), "firings", "= " + count);
    figures.add(steady + ".duplicates", fired.duplicates(), "firings", "= 0");
    figures.add(steady + ".early", fired.early(), "firings", "= 0");
    figures.add(steady + ".trigger_lateness.p50", fired.lateness(0.5), "ms", null);
    figures.add(steady + ".trigger_lateness.p99", fired.lateness(0.99), "ms", "as without pending");
    figures.add(steady + ".trigger_lateness.p999", fired.lateness(0.999), "ms", null);
    figures.add(steady + ".trigger_lateness.max", fired.lateness(1.0), "ms", null);
  }

  /**
   * Probes across a kill -9 and a restart on the same state directory; returns the restarted
   * scheduler.
   */
  private JavaProcess restart(
      Figures figures,
      String key,
      String bootstrap,
      Path dir,
      JavaProcess scheduler,
      PunctualProcesses.Scheduler setup)
      throws Exception {
    Duration span = probeSpan;
    long count = PROBES_PER_SECOND * span.toSeconds();
    Instant first = Instant.now().plusSeconds(15);
    Probes.load(bootstrap, PREFIX, count, first, PROBES_PER_SECOND);
    Thread.sleep(Math.max(0, Duration.between(Instant.now(), first.plusSeconds(15)).toMillis()));
    if (profile) {
      scheduler.dumpRecording(dir.resolve(PREFIX + ".jfr"));
    }
    Instant killed = Instant.now();
    scheduler.kill();
    System.out.println("killed the scheduler (SIGKILL) at " + killed);
    Instant restarted = Instant.now();
    JavaProcess again =
        PunctualProcesses.scheduler(
            PREFIX + "-restarted", dir, options.heap, profile, bootstrap, setup);
    System.out.printf("restarted at %s, ready at %s%n", restarted, Instant.now());
    Thread.sleep(Math.max(0, Duration.between(Instant.now(), first.plus(span)).toMillis()));
    Probes.Result probes = Probes.read(bootstrap, PREFIX, count, Duration.ofSeconds(120));
    System.out.println(probes.summary());
    Probes.Firing firstFiring = probes.firstAfter(restarted);
    Probes.Firing onTime = probes.firstOnTimeAfter(restarted, 1_000);
    String restart = key + ".restart";
    figures.add(
        restart + ".to_first_firing",
        firstFiring == null ? -1 : (firstFiring.emittedMs() - restarted.toEpochMilli()) / 1000.0,
        "s",
        "≤ 10");
    figures.add(
        restart + ".to_all_partitions_firing",
        probes.slowestPartitionAfter(restarted) / 1000.0,
        "s",
        null);
    figures.add(
        restart + ".replayed_records", PunctualProcesses.replayedRecords(again), "records", null);
    figures.add(
        restart + ".to_caught_up",
        onTime == null ? -1 : (onTime.emittedMs() - restarted.toEpochMilli()) / 1000.0,
        "s",
        null);
    figures.add(restart + ".probes", count, "probes", null);
    figures.add(restart + ".probes.fired", probes.fired().size(), "probes", null);
    figures.add(restart + ".probes.misfired_skip", probes.misfired().size(), "probes", null);
    figures.add(restart + ".probes.missing", probes.missing(), "probes", "= 0");
    figures.add(restart + ".probes.duplicates", probes.duplicates(), "firings", "= 0");
    figures.add(restart + ".probes.early", probes.early(), "firings", "= 0");
    return again;
  }

  /** The size of the files under {@code directory}, in MiB. */
  static double megabytes(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      return files
              .filter(Files::isRegularFile)
              .mapToLong(
                  file -> {
                    try {
                      return Files.size(file);
                    } catch (IOException e) {
                      return 0;
                    }
                  })
              .sum()
          / (1024.0 * 1024);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

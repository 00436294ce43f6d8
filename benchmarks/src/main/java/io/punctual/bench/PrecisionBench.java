package io.punctual.bench;

import io.punctual.testkit.JavaProcess;
import io.punctual.testkit.PunctualProcesses;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Scenario 2: lateness at steady loads. For each rate, one-shot timers due evenly over a period
 * (rate × duration of them, loaded before the first instant) are fired by one scheduler instance
 * and performed by one executor against a recording HTTP target. Measured: the trigger record's
 * lateness (its timestamp − the instant) read read_committed, and the action's lateness (arrival at
 * the target − the instant), with lookahead 0 and with lookahead on; early ones are counted.
 */
@Command(
    name = "precision",
    mixinStandardHelpOptions = true,
    description = "Scenario 2: trigger and action lateness at steady firing rates.")
final class PrecisionBench implements Callable<Integer> {
  @Mixin RunOptions options;

  @Option(
      names = "--rates",
      split = ",",
      description = "Firings per second, one run each (default 1000,10000).")
  List<Integer> rates = List.of(1_000, 10_000);

  @Option(names = "--duration", description = "How long each rate is held (default PT30S).")
  Duration duration = Duration.ofSeconds(30);

  @Option(
      names = "--warmup",
      description =
          "Firings at the same rate before the measured ones, left out of the figures: the JVMs'"
              + " compilers warm up and the executor opens its connections (default PT10S).")
  Duration warmup = Duration.ofSeconds(10);

  @Option(
      names = "--lookahead",
      split = ",",
      description = "Lookaheads to run each rate with, in ms (default 0,1000).")
  List<Long> lookaheads = List.of(0L, 1_000L);

  @Option(
      names = "--no-executor",
      description = "Kafka targets and no executor: trigger lateness only (for rates above it).")
  boolean noExecutor;

  @Option(names = "--threads", description = "Stream threads of the scheduler (default 1).")
  int threads = 1;

  @Option(
      names = "--profile",
      description = "Record the scheduler and executor JVMs with Java Flight Recorder (<work>).")
  boolean profile;

  @Override
  public Integer call() throws Exception {
    Path dir = options.workDirectory();
    try (ActionRecorder target = new ActionRecorder();
        JavaProcess broker = BrokerMain.start(dir)) {
      String bootstrap = BrokerMain.bootstrapOf(broker);
      for (long lookahead : lookaheads) {
        for (int rate : rates) {
          Figures figures = new Figures(command(rate, lookahead));
          run(figures, bootstrap, dir, target, broker, rate, lookahead);
          figures.writeTo(options.out);
        }
      }
    }
    return 0;
  }

  private String command(int rate, long lookahead) {
    return "benchmarks/run precision --rates "
        + rate
        + " --lookahead "
        + lookahead
        + " --warmup "
        + warmup
        + " --duration "
        + duration
        + (threads != 1 ? " --threads " + threads : "")
        + (noExecutor ? " --no-executor" : "");
  }

  private void run(
      Figures figures,
      String bootstrap,
      Path dir,
      ActionRecorder target,
      JavaProcess broker,
      int rate,
      long lookahead)
      throws Exception {
    String prefix = "bench-precision-" + rate + "-" + lookahead + (noExecutor ? "-kafka" : "");
    long count = rate * duration.toSeconds();
    long warm = rate * warmup.toSeconds();
    Load.createTopic(bootstrap, prefix + ".timers", options.partitions, true);
    target.reset();
    PunctualProcesses.Scheduler setup =
        new PunctualProcesses.Scheduler(
                prefix, options.partitions, threads, dir.resolve(prefix + "-state"))
            .withLookahead(lookahead);
    try (JavaProcess scheduler =
            PunctualProcesses.scheduler(prefix, dir, options.heap, profile, bootstrap, setup);
        JavaProcess executor =
            noExecutor
                ? null
                : PunctualProcesses.executor(
                    prefix + "-executor", dir, options.heap, profile, bootstrap, prefix)) {
      // loaded while the scheduler runs, due once it has ingested them (at about 30,000/s)
      Instant start = Instant.now().plus(Duration.ofMillis(10_000 + (warm + count) / 20));
      long stepNanos = 1_000_000_000L / rate;
      String url = target.url();
      Load.produce(
          bootstrap,
          prefix + ".timers",
          warm + count,
          i -> (i < warm ? "w" : "t") + i,
          i -> {
            Instant at = start.plusNanos(stepNanos * i);
            return noExecutor ? Load.oneShot(at) : Load.httpOneShot(at, url);
          });
      System.out.printf(
          "%s: %d warm-up timers then %d measured, due from %s; loaded at %s%n",
          prefix, warm, count, start, Instant.now());
      // the CPU of the measured firings, after the warm-up's (and its compilers')
      Instant measured = start.plus(warmup);
      Thread.sleep(Math.max(0, Duration.between(Instant.now(), measured).toMillis()));
      CpuUse cpu = new CpuUse(broker, scheduler, executor);
      TopicMeter.Measure triggers =
          TopicMeter.read(
              bootstrap,
              prefix + ".triggers",
              count,
              Duration.ofSeconds(60),
              record -> record.key()[0] == 't');
      triggers.writeTimeline(dir.resolve(prefix + "-lateness.csv"));
      String key =
          "punctual.precision."
              + (noExecutor ? "kafka_target." : "http_target.")
              + rate
              + ".lookahead_"
              + lookahead;
      figures.add(key + ".trigger.rate", triggers.rate(), "firings/s", "= " + rate);
      figures.add(key + ".trigger.fired", triggers.records(), "firings", "= " + count);
      figures.add(key + ".trigger.duplicates", triggers.duplicates(), "firings", "= 0");
      figures.add(
          key + ".trigger.emitted_before_instant",
          triggers.early(),
          "firings",
          lookahead == 0 ? "= 0" : "≤ lookahead");
      String target150 = lookahead == 0 ? "p99 ≤ 150" : null;
      figures.add(key + ".trigger_lateness.p50", triggers.lateness(0.5), "ms", null);
      figures.add(key + ".trigger_lateness.p99", triggers.lateness(0.99), "ms", target150);
      figures.add(key + ".trigger_lateness.p999", triggers.lateness(0.999), "ms", null);
      figures.add(key + ".trigger_lateness.max", triggers.lateness(1.0), "ms", null);
      figures.add(key + ".scheduler.rss", scheduler.rssBytes() / (1024.0 * 1024), "MiB", null);
      if (executor != null) {
        ActionRecorder.Actions actions = target.await(count, Duration.ofSeconds(60));
        System.out.println("worst action lateness (ms) per second: " + actions.timeline());
        // issue 18 sets 10 ms at 1,000/s; the 10,000/s target is the one of 2026-11-22
        String target10 = lookahead > 0 && (rate == 1_000 || rate == 10_000) ? "p99 ≤ 10" : null;
        figures.add(key + ".actions", actions.calls(), "calls", "= " + count);
        figures.add(key + ".actions.repeated", actions.repeated(), "calls", null);
        figures.add(key + ".actions.early", actions.early(), "calls", "= 0");
        figures.add(key + ".action_lateness.p50", actions.lateness(0.5), "ms", null);
        figures.add(key + ".action_lateness.p99", actions.lateness(0.99), "ms", target10);
        figures.add(key + ".action_lateness.p999", actions.lateness(0.999), "ms", null);
        figures.add(key + ".action_lateness.max", actions.lateness(1.0), "ms", null);
      }
      cpu.addTo(figures, key);
    }
  }

  /**
   * The CPU each process used from a start, in cores (CPU seconds per second): where the machine's
   * two cores go while the load fires.
   */
  private static final class CpuUse {
    private final JavaProcess broker;
    private final JavaProcess scheduler;
    private final JavaProcess executor;
    private final long startNanos = System.nanoTime();
    private final double brokerStart;
    private final double schedulerStart;
    private final double executorStart;
    private final double driverStart;

    CpuUse(JavaProcess broker, JavaProcess scheduler, JavaProcess executor) {
      this.broker = broker;
      this.scheduler = scheduler;
      this.executor = executor;
      brokerStart = broker.cpuSeconds();
      schedulerStart = scheduler.cpuSeconds();
      executorStart = executor == null ? 0 : executor.cpuSeconds();
      driverStart = JavaProcess.driverCpuSeconds();
    }

    void addTo(Figures figures, String key) {
      double seconds = (System.nanoTime() - startNanos) / 1e9;
      figures.add(
          key + ".cpu.broker", (broker.cpuSeconds() - brokerStart) / seconds, "cores", null);
      figures.add(
          key + ".cpu.scheduler",
          (scheduler.cpuSeconds() - schedulerStart) / seconds,
          "cores",
          null);
      if (executor != null) {
        figures.add(
            key + ".cpu.executor",
            (executor.cpuSeconds() - executorStart) / seconds,
            "cores",
            null);
      }
      figures.add(
          key + ".cpu.driver",
          (JavaProcess.driverCpuSeconds() - driverStart) / seconds,
          "cores",
          null);
    }
  }
}

package io.punctual.reliability;

import io.punctual.cli.PunctualCommandLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code reliability/run}: the fault harness. Starts a cluster of processes ({@link Cluster}),
 * loads timers of every kind ({@link Workload}) and delayed records ({@link DelayedLoad}), changes
 * timers while they are due, injects faults at random moments ({@link FaultInjector}), then counts
 * every due instant and every delayed record ({@link Checker}) and writes the report. Exits 0 when
 * every guarantee held, 1 when one did not.
 */
@Command(
    name = "reliability/run",
    mixinStandardHelpOptions = true,
    description =
        "Runs Punctual under repeated faults and checks that every due instant fired exactly once,"
            + " never early, with a final outcome.")
public final class FaultHarness implements Callable<Integer> {
  @Option(names = "--schedulers", description = "Scheduler instances (default 3).")
  int schedulers = 3;

  @Option(names = "--executors", description = "Executor instances (default 2).")
  int executors = 2;

  @Option(names = "--partitions", description = "Partitions of every topic (default 12).")
  int partitions = 12;

  @Option(names = "--rate", description = "Firings a second the load aims at (default 150).")
  double rate = 150;

  @Option(
      names = "--delayed-rate",
      description = "Delayed records sent a second while the load lasts (default 20).")
  double delayedRate = 20;

  @Option(names = "--duration", description = "How long instants fall due (default PT15M).")
  Duration duration = Duration.ofMinutes(15);

  @Option(
      names = "--faults",
      split = ",",
      description =
          "The faults, in order (default: rounds of every kind in a random order until the load"
              + " ends): SCHEDULER_KILL, SCHEDULER_KILL_TWO, SCHEDULER_ZOMBIE, EXECUTOR_KILL,"
              + " BROKER_RESTART, SCHEDULER_ADD, SCHEDULER_REMOVE.")
  List<Fault.Kind> faults = new ArrayList<>();

  @Option(names = "--gap", description = "Longest pause between two faults (default PT10S).")
  Duration gap = Duration.ofSeconds(10);

  @Option(names = "--seed", description = "Seed of every random choice (default: random).")
  Long seed;

  @Option(
      names = "--guarantee",
      description = "The schedulers' processing.guarantee (default exactly_once_v2).")
  String guarantee = "exactly_once_v2";

  @Option(names = "--lookahead", description = "The schedulers' lookahead (default PT0.5S).")
  Duration lookahead = Duration.ofMillis(500);

  @Option(
      names = "--session-timeout",
      description = "Session timeout of schedulers and executors (default PT10S).")
  Duration sessionTimeout = Duration.ofSeconds(10);

  @Option(
      names = "--misfire-threshold",
      description = "The schedulers' misfire threshold (default PT20S).")
  Duration misfireThreshold = Duration.ofSeconds(20);

  @Option(
      names = "--mutation-interval",
      description = "How often a timer is changed while due (default PT0.25S).")
  Duration mutationInterval = Duration.ofMillis(250);

  @Option(names = "--pause", description = "Longest pause of a paused timer (default PT40S).")
  Duration pause = Duration.ofSeconds(40);

  @Option(
      names = "--drain",
      description = "How long after the load the checker waits for stragglers (default PT3M).")
  Duration drain = Duration.ofMinutes(3);

  @Option(names = "--out", description = "Report file (default reliability/results/latest.json).")
  Path out = Path.of("reliability", "results", "latest.json");

  @Option(
      names = "--work",
      description = "Working directory for logs and state (default: a new one in /tmp).")
  Path work;

  @Option(
      names = "--recheck",
      paramLabel = "DIR",
      description =
          "Check again the run whose work directory is DIR (its broker is started on its data),"
              + " with this build's checker; runs nothing else.")
  Path recheck;

  private static final Duration LEAD = Duration.ofSeconds(10);
  private static final Duration COOLDOWN = Duration.ofSeconds(30);
  private static final Duration LONGEST_AFTER = Duration.ofSeconds(65);

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (recheck != null) {
      return recheck(recheck);
    }
    long seedValue = seed != null ? seed : new Random().nextLong();
    Random random = new Random(seedValue);
    Path dir =
        work != null ? Files.createDirectories(work) : Files.createTempDirectory("reliability");
    System.out.println("work directory: " + dir + ", seed " + seedValue);
    Cluster.Settings settings =
        new Cluster.Settings(
            "rel",
            partitions,
            schedulers,
            executors,
            lookahead.toMillis(),
            misfireThreshold.toMillis(),
            sessionTimeout,
            guarantee);
    try (Cluster cluster = Cluster.start(dir, settings)) {
      System.out.println("cluster ready: " + cluster.bootstrapServers());
      Instant start = Instant.now().plus(LEAD);
      Instant end = start.plus(duration);
      LoadShape shape = LoadShape.of(rate, duration, pause);
      FaultInjector injector = new FaultInjector(cluster, new Random(random.nextLong()), gap);
      List<Fault.Kind> plan =
          faults.isEmpty() ? FaultInjector.rounds(20, schedulers, random) : faults;
      long faultsUntil = end.minus(COOLDOWN).toEpochMilli();
      try (Workload workload =
              new Workload(
                  cluster.bootstrapServers(),
                  settings.topics(),
                  cluster.targetUrl(),
                  settings.deliveries(),
                  shape,
                  new Random(random.nextLong()));
          DelayedLoad delayed =
              new DelayedLoad(
                  cluster.bootstrapServers(),
                  settings.topics().delayed(),
                  settings.delayedDeliveries(),
                  new Random(random.nextLong()))) {
        workload.defineInitial(start, end);
        System.out.printf("loaded %s, due %s to %s%n", shape, start, end);
        Thread faulting =
            new Thread(
                () -> {
                  try {
                    Thread.sleep(Math.max(0, Duration.between(Instant.now(), start).toMillis()));
                    injector.run(plan, faultsUntil);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "faults");
        faulting.start();
        load(workload, delayed, shape, start, end);
        faulting.join();
        injector.restartExited();
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("command", command());
        facts.put("seed", seedValue);
        facts.put("schedulers", schedulers);
        facts.put("executors", executors);
        facts.put("partitions", partitions);
        facts.put("guarantee", guarantee);
        facts.put("lookaheadMs", lookahead.toMillis());
        facts.put("sessionTimeoutMs", sessionTimeout.toMillis());
        facts.put("misfireThresholdMs", misfireThreshold.toMillis());
        facts.put("loadStart", start.toString());
        facts.put("loadEnd", end.toString());
        facts.put("load", shape.toString());
        facts.put("timers", workload.timers());
        facts.put("definitions", workload.definitions());
        facts.put("mutations", workload.mutations());
        facts.put("delayedRate", delayedRate);
        facts.put("delayedSent", delayed.sent());
        facts.put("unexpectedExits", injector.unexpectedExits());
        RunRecord run =
            new RunRecord(
                settings.prefix(),
                partitions,
                lookahead.toMillis(),
                end.toEpochMilli(),
                injector.faults(),
                facts);
        run.writeTo(dir);
        Report report = check(cluster, run, end);
        return finish(report, run);
      }
    }
  }

  /** Writes the report, prints it, and answers the exit code: 0 when every guarantee held. */
  private int finish(Report report, RunRecord run) {
    run.facts().forEach(report::with);
    report.with("date", Instant.now().toString());
    report.writeTo(out);
    System.out.print(report.summary());
    System.out.println("report: " + out);
    boolean exits = run.facts().get("unexpectedExits") instanceof List<?> l && !l.isEmpty();
    return report.ok() && !exits ? 0 : 1;
  }

  /**
   * Checks again the run whose work directory is {@code dir}: its broker is started on its data,
   * its records read, and the report written anew with this checker.
   */
  private int recheck(Path dir) throws Exception {
    RunRecord run = RunRecord.readFrom(dir);
    try (BrokerProcess broker = BrokerProcess.existing(dir)) {
      broker.start();
      Observations observations =
          new ObservationReader(
                  broker.bootstrapServers(), run.settings(), dir.resolve(Cluster.TARGET_LOG))
              .read();
      Report report =
          new Checker(run.horizon(), run.lookaheadMs(), run.faults()).check(observations);
      report.with("rechecked", "with the checker of this build, by reliability/run --recheck");
      return finish(report, run);
    }
  }

  /** The command line, without the options that only say where files go. */
  private String command() {
    List<String> given = spec.commandLine().getParseResult().originalArgs();
    List<String> kept = new ArrayList<>(List.of("reliability/run"));
    for (int i = 0; i < given.size(); i++) {
      if (given.get(i).equals("--work") || given.get(i).equals("--out")) {
        i++;
      } else if (!given.get(i).startsWith("--work=") && !given.get(i).startsWith("--out=")) {
        kept.add(given.get(i));
      }
    }
    return String.join(" ", kept);
  }

  /**
   * Defines {@code after} timers, changes timers and sends delayed records until the load ends;
   * resumes every pause.
   */
  private void load(
      Workload workload, DelayedLoad delayed, LoadShape shape, Instant start, Instant end)
      throws InterruptedException {
    long mutationsUntil = end.minus(COOLDOWN).toEpochMilli();
    long aftersUntil = end.minus(LONGEST_AFTER).toEpochMilli();
    double afters = 0;
    double delays = 0;
    while (System.currentTimeMillis() < mutationsUntil) {
      Thread.sleep(mutationInterval.toMillis());
      long now = System.currentTimeMillis();
      if (now < start.toEpochMilli()) {
        continue;
      }
      if (now < aftersUntil) {
        afters += shape.aftersPerSecond() * mutationInterval.toMillis() / 1000.0;
        workload.defineAfters((int) afters);
        afters -= (int) afters;
      }
      delays += delayedRate * mutationInterval.toMillis() / 1000.0;
      delayed.send((int) delays, now, mutationsUntil);
      delays -= (int) delays;
      workload.mutate(now);
    }
    workload.resumeAll(System.currentTimeMillis());
    Thread.sleep(Math.max(0, Duration.between(Instant.now(), end).toMillis()));
  }

  /**
   * Reads and checks the run until nothing is missing nor without an outcome, or the drain time is
   * over.
   */
  private Report check(Cluster cluster, RunRecord run, Instant end) throws InterruptedException {
    ObservationReader reader =
        new ObservationReader(cluster.bootstrapServers(), cluster.settings(), cluster.targetLog());
    long until = end.plus(drain).toEpochMilli();
    Thread.sleep(15_000);
    while (true) {
      long began = System.nanoTime();
      Observations observations = reader.read();
      Report report =
          new Checker(run.horizon(), run.lookaheadMs(), run.faults()).check(observations);
      System.out.printf(
          "checked %,d triggers in %.1f s: %,d missing, %,d without outcome%n",
          observations.triggers().size(),
          (System.nanoTime() - began) / 1e9,
          report.get(Report.Count.MISSING),
          report.get(Report.Count.WITHOUT_OUTCOME));
      boolean complete =
          report.get(Report.Count.MISSING) == 0
              && report.get(Report.Count.WITHOUT_OUTCOME) == 0
              && report.get(Report.Count.DELAYED_MISSING) == 0;
      if (complete || System.currentTimeMillis() >= until) {
        return report;
      }
      Thread.sleep(10_000);
    }
  }

  public static void main(String[] args) {
    System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
    System.exit(PunctualCommandLine.of(new FaultHarness()).execute(args));
  }
}

package io.punctual.bench;

import io.punctual.testkit.JavaProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Scenario 6: db-scheduler and Quartz on PostgreSQL next to Punctual, on the same machine with the
 * same workload of no-op tasks: a one-shot burst (N tasks due at one instant, loaded before the
 * scheduler starts) and a recurring load (M tasks at a fixed rate for a while). Each peer runs in a
 * JVM of its own (heap as the scheduler's), against a PostgreSQL server this run starts on a
 * private port and stops at the end, one fresh database per workload. Punctual runs afterwards on
 * its own broker (PostgreSQL stopped by then); its figure is invocations emitted to the triggers
 * topic (no executor), the peers' is their no-op job starting in-process.
 */
@Command(
    name = "peers",
    mixinStandardHelpOptions = true,
    description = "Scenario 6: db-scheduler and Quartz on PostgreSQL beside Punctual.")
final class PeersBench implements Callable<Integer> {
  @Mixin RunOptions options;

  private static final Pattern PEER = Pattern.compile("(PEER .*)");

  /** The systems measured. */
  enum Peer {
    DBSCHEDULER,
    QUARTZ,
    PUNCTUAL;

    /** The name in figures, databases, logs and {@code --systems}. */
    String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** {@code --systems} values, by {@link Peer#key()}. */
  static final class PeerName implements ITypeConverter<Peer> {
    @Override
    public Peer convert(String value) {
      return Peer.valueOf(value.toUpperCase(Locale.ROOT));
    }
  }

  @Option(names = "--tasks", description = "One-shot tasks in the burst (default 100000).")
  int tasks = 100_000;

  @Option(
      names = "--no-one-shot",
      description = "Skip the one-shot burst: run the recurring workload only.")
  boolean noOneShot;

  @Option(
      names = "--warm-up-tasks",
      description =
          "One-shot tasks of a warm-up burst, due --warm-up-gap before the measured burst, in the"
              + " same JVM and not measured (default 0: none).")
  int warmUpTasks;

  @Option(
      names = "--warm-up-gap",
      description = "How long before the measured burst the warm-up burst is due (default PT60S).")
  Duration warmUpGap = Duration.ofSeconds(60);

  @Option(
      names = "--recurring-warm-up",
      description =
          "How long each recurring run fires before its measured instants, in the same JVM and not"
              + " measured; whole periods (default PT0S: none).")
  Duration recurringWarmUp = Duration.ZERO;

  @Option(names = "--recurring-tasks", description = "Recurring tasks (default 10000).")
  int recurringTasks = 10_000;

  @Option(
      names = "--period",
      description =
          "Period of the recurring tasks, whole seconds dividing a minute (default PT1S).")
  Duration period = Duration.ofSeconds(1);

  @Option(
      names = "--duration",
      description = "How long the recurring tasks fire (default PT1M): instants = duration/period.")
  Duration duration = Duration.ofMinutes(1);

  @Option(
      names = "--grace",
      description =
          "How long a peer may run on after the recurring window before it is stopped, and how long"
              + " a one-shot burst may go without an execution (default PT10S).")
  Duration grace = Duration.ofSeconds(10);

  @Option(
      names = "--recurring-steps",
      split = ",",
      description =
          "Stepped recurring load: recurring tasks per step, each due every --period, run in this"
              + " order, one fresh run per step, until a system falls behind (an execution missing,"
              + " duplicated or early, or lateness p99 over 1 s). Default: one run of"
              + " --recurring-tasks.")
  List<Integer> recurringSteps = List.of();

  @Option(
      names = "--systems",
      split = ",",
      converter = PeerName.class,
      description = "Systems to run (default dbscheduler,quartz,punctual).")
  Set<Peer> systems = EnumSet.allOf(Peer.class);

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    long periodSeconds = period.getSeconds();
    if (period.getNano() != 0 || periodSeconds < 1 || 60 % periodSeconds != 0) {
      throw new ParameterException(
          spec.commandLine(), "--period must be whole seconds dividing a minute");
    }
    if (warmUpTasks < 0 || recurringSteps.stream().anyMatch(step -> step < 1)) {
      throw new ParameterException(
          spec.commandLine(),
          "--warm-up-tasks must be 0 or more, and each recurring step 1 or more");
    }
    if (recurringWarmUp.isNegative() || recurringWarmUp.toMillis() % period.toMillis() != 0) {
      throw new ParameterException(
          spec.commandLine(), "--recurring-warm-up must be whole periods, 0 or more");
    }
    int instants = (int) (duration.toMillis() / period.toMillis());
    Path dir = options.workDirectory();
    PeerFigures figures = new PeerFigures(new Figures(command()));
    List<Peer> peers = new ArrayList<>(systems);
    peers.remove(Peer.PUNCTUAL);
    if (!peers.isEmpty()) {
      try (PostgresServer postgres = PostgresServer.start(dir)) {
        for (Peer peer : peers) {
          if (!noOneShot) {
            figures.oneShot(peer, runPeer(postgres, dir, peer, oneShot()));
            figures.writeTo(options.out);
          }
          if (recurringSteps.isEmpty()) {
            figures.recurring(
                peer, runPeer(postgres, dir, peer, recurring(recurringTasks, instants)));
            figures.writeTo(options.out);
          }
          for (int step : recurringSteps) {
            PeerRecorder.Summary summary = runPeer(postgres, dir, peer, recurring(step, instants));
            boolean keptUp = figures.step(peer, offered(step), summary);
            figures.writeTo(options.out);
            if (!keptUp) {
              break;
            }
          }
        }
      }
    }
    if (systems.contains(Peer.PUNCTUAL)) {
      JavaProcess broker = BrokerMain.start(dir);
      try {
        PeerPunctual punctual = new PeerPunctual(BrokerMain.bootstrapOf(broker), dir, options.heap);
        if (!noOneShot) {
          figures.oneShot(
              Peer.PUNCTUAL,
              PeerFigures.of(punctual.oneShot(tasks, warmUpTasks, warmUpGap), tasks));
          figures.writeTo(options.out);
        }
        if (recurringSteps.isEmpty()) {
          figures.recurring(
              Peer.PUNCTUAL,
              PeerFigures.of(
                  punctual.recurring(recurringTasks, period, instants, recurringWarmUp),
                  (long) recurringTasks * instants));
          figures.writeTo(options.out);
        }
        for (int step : recurringSteps) {
          PeerRecorder.Summary summary =
              PeerFigures.of(
                  punctual.recurring(step, period, instants, recurringWarmUp),
                  (long) step * instants);
          boolean keptUp = figures.step(Peer.PUNCTUAL, offered(step), summary);
          figures.writeTo(options.out);
          if (!keptUp) {
            break;
          }
        }
      } finally {
        broker.close();
      }
    }
    figures.ratios();
    figures.writeTo(options.out);
    return 0;
  }

  /** The executions per second {@code tasks} recurring tasks ask for. */
  private long offered(int tasks) {
    return tasks * 1000L / period.toMillis();
  }

  private String command() {
    return String.format(
        "benchmarks/run peers %s%s %s%s --period %s --duration %s%s",
        noOneShot ? "--no-one-shot" : "--tasks " + tasks,
        noOneShot || warmUpTasks == 0
            ? ""
            : " --warm-up-tasks " + warmUpTasks + " --warm-up-gap " + warmUpGap,
        recurringSteps.isEmpty()
            ? "--recurring-tasks " + recurringTasks
            : "--recurring-steps "
                + String.join(",", recurringSteps.stream().map(String::valueOf).toList()),
        recurringWarmUp.isZero() ? "" : " --recurring-warm-up " + recurringWarmUp,
        period,
        duration,
        systems.equals(EnumSet.allOf(Peer.class))
            ? ""
            : " --systems " + String.join(",", systems.stream().map(Peer::key).toList()));
  }

  private PeerWorkload.Spec oneShot() {
    return new PeerWorkload.Spec("oneshot", tasks, 0, 1, warmUpTasks, warmUpGap);
  }

  private PeerWorkload.Spec recurring(int recurring, int instants) {
    return new PeerWorkload.Spec(
        recurringSteps.isEmpty() ? "recurring" : "recurring_" + recurring,
        recurring,
        period.toMillis(),
        instants,
        0,
        recurringWarmUp);
  }

  /** Runs one workload on one peer in a fresh database; the figures its JVM printed. */
  private PeerRecorder.Summary runPeer(
      PostgresServer postgres, Path dir, Peer peer, PeerWorkload.Spec spec) throws Exception {
    String database = peer.key() + "_" + spec.name();
    postgres.createDatabase(
        database, peer == Peer.QUARTZ ? PostgresSchemas.quartz() : PostgresSchemas.DB_SCHEDULER);
    PeerWorkload workload = spec.workload(postgres.jdbcUrl(database), lead(peer, spec), grace);
    String main =
        peer == Peer.QUARTZ ? PeerQuartzMain.class.getName() : PeerDbSchedulerMain.class.getName();
    System.out.printf("%s: %s%n", database, workload);
    JavaProcess process = JavaProcess.start(database, dir, options.heap, main, workload.toArgs());
    try {
      Duration limit =
          Duration.ofMillis(workload.leadMs()).plus(duration).plus(grace).plusMinutes(25);
      PeerRecorder.Summary summary = PeerRecorder.Summary.parse(process.await(PEER, limit));
      System.out.printf("%s: %s%n", database, summary.line());
      if (summary.loadOverran()) {
        System.out.println("WARNING " + database + ": loading ran past the first due instant");
      }
      return summary;
    } finally {
      process.close();
    }
  }

  /**
   * Time from the start of loading to the first due instant: 10 s to start the scheduler, plus the
   * loading, at a conservative estimate of each peer's loading rate on this machine, plus the gap
   * after a warm-up burst.
   */
  private static Duration lead(Peer peer, PeerWorkload.Spec spec) {
    double msPerTask = peer == Peer.QUARTZ ? 1.5 : 0.3;
    long loading = (long) ((spec.tasks() + spec.warmUpTasks()) * msPerTask);
    return Duration.ofMillis(10_000 + loading).plus(spec.warmUp());
  }
}

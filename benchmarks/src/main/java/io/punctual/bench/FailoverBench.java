package io.punctual.bench;

import io.punctual.testkit.JavaProcess;
import io.punctual.testkit.PunctualProcesses;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Scenario 4, failover: two scheduler instances with a standby replica of every task share N
 * pending timers; probes fall due 100 a second while one instance is killed with SIGKILL. Measured:
 * how long after the kill the slowest partition fires again, and that every probe fired once and
 * none early (or, if it fell more than the misfire threshold late, followed its policy).
 */
@Command(
    name = "failover",
    mixinStandardHelpOptions = true,
    description = "Scenario 4: kill -9 one of two instances with standbys; time to fire again.")
final class FailoverBench implements Callable<Integer> {
  @Mixin RunOptions options;

  private static final String PREFIX = "bench-failover";
  private static final int PROBES_PER_SECOND = 100;

  @Option(names = "--pending", description = "Pending timers (default 1000000).")
  long pending = 1_000_000;

  @Option(
      names = "--session-timeout",
      description = "Consumer session timeout of the instances (default PT6S).")
  Duration sessionTimeout = Duration.ofSeconds(6);

  @Option(
      names = "--probe-span",
      description = "How long probes fall due around the kill -9 (default PT2M).")
  Duration probeSpan = Duration.ofMinutes(2);

  @Override
  public Integer call() throws Exception {
    Path dir = options.workDirectory();
    Figures figures =
        new Figures(
            "benchmarks/run failover --pending "
                + pending
                + " --session-timeout "
                + sessionTimeout);
    String key = "punctual.failover";
    try (JavaProcess broker = BrokerMain.start(dir)) {
      String bootstrap = BrokerMain.bootstrapOf(broker);
      Load.createTopic(bootstrap, PREFIX + ".timers", options.partitions, true);
      Instant now = Instant.now();
      Load.produce(bootstrap, PREFIX + ".timers", pending, i -> "c" + i, i -> Load.pending(i, now));
      try (JavaProcess first = instance(dir, bootstrap, 1);
          JavaProcess second = instance(dir, bootstrap, 2)) {
        Load.awaitCommitted(bootstrap, PREFIX, PREFIX + ".timers", pending);
        // the standbys catch up with the actives' changelogs while the probes are loaded
        Duration span = probeSpan;
        long count = PROBES_PER_SECOND * span.toSeconds();
        Instant from = Instant.now().plusSeconds(20);
        Probes.load(bootstrap, PREFIX, count, from, PROBES_PER_SECOND);
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), from.plusSeconds(20)).toMillis()));
        Instant killed = Instant.now();
        second.kill();
        System.out.println("killed instance 2 (SIGKILL) at " + killed);
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), from.plus(span)).toMillis()));
        Probes.Result probes = Probes.read(bootstrap, PREFIX, count, Duration.ofSeconds(60));
        System.out.println(probes.summary());
        figures.add(
            key + ".to_all_partitions_firing",
            probes.slowestPartitionAfter(killed) / 1000.0,
            "s",
            "≤ 10");
        figures.add(key + ".pending", pending, "timers", null);
        figures.add(key + ".survivor.rss", first.rssBytes() / (1024.0 * 1024), "MiB", null);
        figures.add(key + ".probes", count, "probes", null);
        figures.add(key + ".probes.fired", probes.fired().size(), "probes", null);
        figures.add(key + ".probes.misfired_skip", probes.misfired().size(), "probes", null);
        figures.add(key + ".probes.missing", probes.missing(), "probes", "= 0");
        figures.add(key + ".probes.duplicates", probes.duplicates(), "firings", "= 0");
        figures.add(key + ".probes.early", probes.early(), "firings", "= 0");
        figures.writeTo(options.out);
      }
    }
    return 0;
  }

  private JavaProcess instance(Path dir, String bootstrap, int n) throws InterruptedException {
    PunctualProcesses.Scheduler setup =
        new PunctualProcesses.Scheduler(
                PREFIX, options.partitions, 1, dir.resolve(PREFIX + "-state-" + n))
            .with("num.standby.replicas", "1")
            .with("punctual.misfire.threshold.ms", "10000")
            .with("session.timeout.ms", Long.toString(sessionTimeout.toMillis()))
            .with("heartbeat.interval.ms", Long.toString(sessionTimeout.toMillis() / 4));
    return PunctualProcesses.scheduler(
        PREFIX + "-" + n, dir, options.heap, false, bootstrap, setup);
  }
}

package io.punctual.bench;

import io.punctual.testkit.JavaProcess;
import io.punctual.testkit.PunctualProcesses;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Punctual's side of scenario 6, on its own broker: the same one-shot burst and recurring workload
 * as the peers, as timers with a Kafka target (no executor). One scheduler instance (its own JVM,
 * {@code bin/punctual scheduler}, default settings) per workload; its "execution" is the invocation
 * committed to {@code <prefix>.triggers}, read read_committed.
 */
final class PeerPunctual {
  private static final int PARTITIONS = 6;

  private final String bootstrap;
  private final Path dir;
  private final String heap;

  PeerPunctual(String bootstrap, Path dir, String heap) {
    this.bootstrap = bootstrap;
    this.dir = dir;
    this.heap = heap;
  }

  /**
   * {@code tasks} one-shot timers due at one instant, loaded before the scheduler starts; when
   * {@code warmUp} is not 0, as many more due {@code gap} earlier, which are not measured.
   */
  TopicMeter.Measure oneShot(int tasks, int warmUp, Duration gap) throws Exception {
    String prefix = "peers-oneshot";
    Load.createTopic(bootstrap, prefix + ".timers", PARTITIONS, true);
    Instant due = Instant.now().plus(lead(tasks + warmUp)).plus(warmUp == 0 ? Duration.ZERO : gap);
    Instant warmUpDue = due.minus(gap);
    Load.produce(
        bootstrap,
        prefix + ".timers",
        tasks + warmUp,
        PeerPunctual::id,
        i -> Load.oneShot(i < tasks ? due : warmUpDue));
    return fire(prefix, tasks, Duration.ofMinutes(2), scheduledFrom(due.toEpochMilli()));
  }

  /**
   * {@code tasks} timers every {@code period} from the first whole period after loading, each
   * limited to {@code instants} firings; with a {@code warmUp} (whole periods), they start that
   * much earlier, fire that many more times, and only the last {@code instants} are measured.
   */
  TopicMeter.Measure recurring(int tasks, Duration period, int instants, Duration warmUp)
      throws Exception {
    String prefix = "peers-recurring-" + tasks;
    Load.createTopic(bootstrap, prefix + ".timers", PARTITIONS, true);
    long periodMs = period.toMillis();
    long warmUpInstants = warmUp.toMillis() / periodMs;
    long earliest = Instant.now().plus(lead(tasks)).toEpochMilli();
    long start = (earliest + periodMs - 1) / periodMs * periodMs;
    long measuredFrom = start + warmUpInstants * periodMs;
    byte[] definition =
        ("{\"schedule\": {\"every\": \""
                + period
                + "\", \"startAt\": "
                + start
                + "}, \"target\": {\"http\": {\"url\": \"http://bench.invalid/fire\"}}, \"maxFirings\": "
                + (instants + warmUpInstants)
                + "}")
            .getBytes(StandardCharsets.UTF_8);
    Load.produce(bootstrap, prefix + ".timers", tasks, PeerPunctual::id, i -> definition);
    return fire(
        prefix, (long) tasks * instants, Duration.ofMinutes(2), scheduledFrom(measuredFrom));
  }

  /** Counts the invocations scheduled at or after {@code measuredFrom} (epoch ms). */
  private static Predicate<ConsumerRecord<byte[], byte[]>> scheduledFrom(long measuredFrom) {
    return record ->
        Long.parseLong(
                new String(
                    record.headers().lastHeader("punctual-scheduled-at").value(),
                    StandardCharsets.UTF_8))
            >= measuredFrom;
  }

  /** As scenario 1: 20 s, or 0.1 ms per timer, whichever is longer. */
  private static Duration lead(long tasks) {
    return Duration.ofMillis(Math.max(20_000, tasks / 10));
  }

  private static String id(long i) {
    return PeerWorkload.id((int) i);
  }

  private TopicMeter.Measure fire(
      String prefix,
      long expected,
      Duration idle,
      Predicate<ConsumerRecord<byte[], byte[]>> counted)
      throws Exception {
    PunctualProcesses.Scheduler setup =
        new PunctualProcesses.Scheduler(prefix, PARTITIONS, 1, dir.resolve(prefix + "-state"));
    try (JavaProcess scheduler =
        PunctualProcesses.scheduler(prefix, dir, heap, false, bootstrap, setup)) {
      System.out.printf("%s: scheduler ready, RSS %d MiB%n", prefix, scheduler.rssBytes() >> 20);
      return TopicMeter.read(bootstrap, prefix + ".triggers", expected, idle, counted);
    }
  }
}

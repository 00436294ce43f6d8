package io.punctual.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Injects faults into the cluster one after another, at random moments, and puts it back together
 * after each: every process killed is started again, every process frozen is resumed, every
 * instance added is removed again.
 */
final class FaultInjector {
  private final Cluster cluster;
  private final Random random;
  private final Duration gap;
  private final List<Fault> faults = Collections.synchronizedList(new ArrayList<>());
  private final List<String> exits = Collections.synchronizedList(new ArrayList<>());
  private Member added;

  /**
   * @param gap the longest pause between two faults (each pause is random, at least a tenth of it)
   */
  FaultInjector(Cluster cluster, Random random, Duration gap) {
    this.cluster = cluster;
    this.random = random;
    this.gap = gap;
  }

  /**
   * A plan that repeats every kind of fault in a random order (adding an instance always before
   * removing it; killing two schedulers only when there are three or more).
   */
  static List<Fault.Kind> rounds(int rounds, int schedulers, Random random) {
    List<Fault.Kind> plan = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      List<Fault.Kind> round =
          new ArrayList<>(
              List.of(
                  Fault.Kind.SCHEDULER_KILL,
                  Fault.Kind.SCHEDULER_ZOMBIE,
                  Fault.Kind.EXECUTOR_KILL,
                  Fault.Kind.BROKER_RESTART,
                  Fault.Kind.SCHEDULER_ADD));
      if (schedulers >= 3) {
        round.add(Fault.Kind.SCHEDULER_KILL_TWO);
      }
      Collections.shuffle(round, random);
      int add = round.indexOf(Fault.Kind.SCHEDULER_ADD);
      round.add(add + 1 + random.nextInt(round.size() - add), Fault.Kind.SCHEDULER_REMOVE);
      plan.addAll(round);
    }
    return plan;
  }

  /**
   * Runs the plan until it is done or {@code untilMs} has passed; the cluster is whole at the end.
   */
  void run(List<Fault.Kind> plan, long untilMs) throws InterruptedException {
    for (Fault.Kind kind : plan) {
      Thread.sleep(gap.toMillis() / 10 + random.nextLong(gap.toMillis()));
      if (System.currentTimeMillis() >= untilMs && added == null) {
        break;
      }
      Fault fault = inject(kind);
      if (fault != null) {
        faults.add(fault);
        System.out.printf(
            "fault %-18s %-24s %5.1f s%n",
            fault.kind(), fault.targets(), (fault.endMs() - fault.startMs()) / 1000.0);
      }
      restartExited();
    }
    if (added != null) {
      faults.add(inject(Fault.Kind.SCHEDULER_REMOVE));
    }
  }

  /** The faults injected so far. */
  List<Fault> faults() {
    return List.copyOf(faults);
  }

  /** Processes found dead that no fault had killed (each was started again). */
  List<String> unexpectedExits() {
    return List.copyOf(exits);
  }

  private Fault inject(Fault.Kind kind) throws InterruptedException {
    long start = System.currentTimeMillis();
    String targets;
    switch (kind) {
      case SCHEDULER_KILL -> {
        Member scheduler = pick(cluster.schedulers());
        scheduler.kill();
        sleepBetween(1, 6);
        scheduler.start();
        targets = scheduler.name();
      }
      case SCHEDULER_KILL_TWO -> {
        List<Member> all = new ArrayList<>(cluster.schedulers());
        Collections.shuffle(all, random);
        Member first = all.get(0);
        Member second = all.get(1);
        first.kill();
        second.kill();
        sleepBetween(1, 6);
        first.start();
        second.start();
        targets = first.name() + "+" + second.name();
      }
      case SCHEDULER_ZOMBIE -> {
        Member scheduler = pick(cluster.schedulers());
        scheduler.suspend();
        Thread.sleep(
            cluster.settings().sessionTimeout().toMillis() + 2_000 + random.nextInt(6_000));
        scheduler.resume();
        targets = scheduler.name();
      }
      case EXECUTOR_KILL -> {
        Member executor = pick(cluster.executors());
        executor.kill();
        sleepBetween(1, 5);
        executor.start();
        targets = executor.name();
      }
      case BROKER_RESTART -> {
        boolean kill = random.nextBoolean();
        if (kill) {
          cluster.broker().kill();
        } else {
          cluster.broker().stop();
        }
        sleepBetween(1, 4);
        cluster.broker().start();
        targets = kill ? "broker (SIGKILL)" : "broker (SIGTERM)";
      }
      case SCHEDULER_ADD -> {
        if (added != null) {
          return null;
        }
        added = cluster.addScheduler();
        targets = added.name();
      }
      case SCHEDULER_REMOVE -> {
        if (added == null) {
          return null;
        }
        cluster.removeScheduler(added);
        targets = added.name();
        added = null;
      }
      default -> throw new IllegalArgumentException("no such fault: " + kind);
    }
    return new Fault(kind, targets, start, System.currentTimeMillis());
  }

  /** Starts again any process that died without a fault killing it, and records it. */
  void restartExited() throws InterruptedException {
    List<Member> all = new ArrayList<>(cluster.schedulers());
    all.addAll(cluster.executors());
    for (Member member : all) {
      if (!member.alive()) {
        Path log = member.process().log();
        String exit =
            member.name() + " at " + Instant.now() + " (" + log.getFileName() + crash(log) + ")";
        exits.add(exit);
        System.out.println("unexpected exit of " + exit + "; starting it again");
        member.start();
      }
    }
  }

  /** The JVM's own crash line and frame in a log, when the process died of a native crash. */
  private static String crash(Path log) {
    try (Stream<String> lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
      List<String> found =
          lines
              .filter(l -> l.startsWith("#  SIG") || l.startsWith("# C  ["))
              .map(l -> l.substring(1).trim())
              .map(l -> l.length() > 120 ? l.substring(0, 120) + "…" : l)
              .toList();
      return found.isEmpty() ? "" : ": JVM crash, " + String.join(", ", found);
    } catch (IOException | UncheckedIOException e) {
      return "";
    }
  }

  private Member pick(List<Member> members) {
    return members.get(random.nextInt(members.size()));
  }

  private void sleepBetween(int minSeconds, int maxSeconds) throws InterruptedException {
    Thread.sleep(minSeconds * 1000L + random.nextInt((maxSeconds - minSeconds) * 1000));
  }
}

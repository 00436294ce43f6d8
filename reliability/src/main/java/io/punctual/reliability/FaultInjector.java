package io.punctual.reliability;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

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
        exits.add(
            member.name()
                + " at "
                + Instant.now()
                + " ("
                + member.process().log().getFileName()
                + ")");
        System.out.println("unexpected exit of " + member.name() + "; starting it again");
        member.start();
      }
    }
  }

  private Member pick(List<Member> members) {
    return members.get(random.nextInt(members.size()));
  }

  private void sleepBetween(int minSeconds, int maxSeconds) throws InterruptedException {
    Thread.sleep(minSeconds * 1000L + random.nextInt((maxSeconds - minSeconds) * 1000));
  }
}

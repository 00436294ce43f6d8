package io.punctual.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BiFunction;

/**
 * The steps every peer's JVM takes: load the workload's tasks with the scheduler not yet started
 * (so that loading is not timed), start the scheduler, wait until the executions are in (or the
 * workload's grace has passed), stop the scheduler, and print a {@link PeerRecorder.Summary} line.
 * The JVM then waits for the driver to end it.
 */
final class PeerHarness {
  /** Longest a one-shot burst may take before the peer gives up waiting. */
  private static final Duration ONE_SHOT_LIMIT = Duration.ofMinutes(20);

  /** A peer scheduler, from loading to stop. */
  interface Peer {
    /**
     * Stores the workload's tasks {@code from} to {@code from + count - 1}, due from {@code
     * firstDue} (epoch ms).
     */
    void load(int from, int count, long firstDue) throws Exception;

    void start() throws Exception;

    /** Stops the scheduler, waiting for running executions. */
    void stop() throws Exception;
  }

  private PeerHarness() {}

  static void run(String[] args, BiFunction<PeerWorkload, PeerRecorder, Peer> create)
      throws Exception {
    PeerWorkload workload = PeerWorkload.parse(args);
    long loadStart = System.currentTimeMillis();
    long firstDue = workload.firstDue(loadStart);
    long windowEnd = workload.windowEnd(firstDue);
    PeerRecorder recorder = new PeerRecorder(workload, firstDue);
    Peer peer = create.apply(workload, recorder);
    if (workload.warmUpTasks() > 0) {
      peer.load(workload.tasks(), workload.warmUpTasks(), workload.warmUpDue(firstDue));
    }
    peer.load(0, workload.tasks(), workload.start(firstDue));
    long loaded = System.currentTimeMillis();
    System.out.printf(
        "loaded %d tasks in %d ms; first due %s%n",
        workload.tasks(), loaded - loadStart, Instant.ofEpochMilli(firstDue));
    if (loaded > firstDue) {
      System.out.println("WARNING loading ran past the first due instant");
    }
    peer.start();
    System.out.println("scheduler started");
    if (workload.recurring()) {
      recorder.await(windowEnd, workload.graceMs(), windowEnd + workload.graceMs());
    } else {
      recorder.await(firstDue, workload.graceMs(), firstDue + ONE_SHOT_LIMIT.toMillis());
    }
    peer.stop();
    double loadRate = workload.tasks() * 1000.0 / Math.max(1, loaded - loadStart);
    System.out.println(recorder.summary(loadRate, loaded > firstDue).line());
    System.out.flush();
    Thread.currentThread().join();
  }
}

package io.punctual.bench;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario 6's figures: {@code peers.<system>.oneshot.*} and {@code peers.<system>.recurring.*}
 * (or, stepped, {@code peers.<system>.recurring_<offered>.*} and {@code
 * peers.<system>.recurring.capacity}) for each system run, then Punctual's over each peer's ({@code
 * peers.punctual_to_<peer>.oneshot|recurring|recurring_capacity}).
 */
final class PeerFigures {
  private final Figures figures;
  private final Map<PeersBench.Peer, Double> oneShotRates = new EnumMap<>(PeersBench.Peer.class);
  private final Map<PeersBench.Peer, Double> recurringRates = new EnumMap<>(PeersBench.Peer.class);
  private final Map<PeersBench.Peer, Double> capacities = new EnumMap<>(PeersBench.Peer.class);

  /** The lateness p99 past which a system is behind the stepped recurring load. */
  static final long KEPT_UP_P99_MS = 1_000;

  PeerFigures(Figures figures) {
    this.figures = figures;
  }

  /** Punctual's triggers as a summary like the peers' (the invocation's emission is its start). */
  static PeerRecorder.Summary of(TopicMeter.Measure triggers, long expected) {
    return new PeerRecorder.Summary(
        triggers.records(),
        expected,
        triggers.duplicates(),
        triggers.early(),
        triggers.rate(),
        triggers.lateness(0.5),
        triggers.lateness(0.99),
        triggers.lateness(1.0),
        0,
        false);
  }

  void oneShot(PeersBench.Peer peer, PeerRecorder.Summary summary) {
    oneShotRates.put(peer, summary.rate());
    add(peer, "oneshot", summary);
  }

  void recurring(PeersBench.Peer peer, PeerRecorder.Summary summary) {
    recurringRates.put(peer, summary.rate());
    add(peer, "recurring", summary);
  }

  /**
   * Adds one step of the stepped recurring load, {@code offered} executions/s, as {@code
   * peers.<system>.recurring_<offered>.*}; returns whether the system kept up with it: every
   * execution once and none early, lateness p99 at most {@link #KEPT_UP_P99_MS}. The highest step a
   * system keeps up with is its recurring capacity.
   */
  boolean step(PeersBench.Peer peer, long offered, PeerRecorder.Summary summary) {
    add(peer, "recurring_" + offered, summary);
    boolean keptUp =
        summary.executed() == summary.expected()
            && summary.duplicates() == 0
            && summary.early() == 0
            && summary.p99() <= KEPT_UP_P99_MS;
    figures.add(
        "peers." + peer.key() + ".recurring_" + offered + ".kept_up",
        keptUp ? 1 : 0,
        "boolean",
        null);
    double capacity = capacities.getOrDefault(peer, 0.0);
    capacities.put(peer, keptUp ? Math.max(capacity, offered) : capacity);
    figures.add(
        "peers." + peer.key() + ".recurring.capacity", capacities.get(peer), "exec/s", null);
    return keptUp;
  }

  private void add(PeersBench.Peer peer, String workload, PeerRecorder.Summary summary) {
    String key = "peers." + peer.key() + "." + workload;
    figures.add(key + ".rate", summary.rate(), "exec/s", null);
    figures.add(key + ".executed", summary.executed(), "exec", "= " + summary.expected());
    figures.add(key + ".duplicates", summary.duplicates(), "exec", "= 0");
    figures.add(key + ".early", summary.early(), "exec", "= 0");
    figures.add(key + ".lateness.p50", summary.p50(), "ms", null);
    figures.add(key + ".lateness.p99", summary.p99(), "ms", null);
    figures.add(key + ".lateness.max", summary.max(), "ms", null);
    if (summary.loadRate() > 0) {
      figures.add(key + ".load.rate", summary.loadRate(), "tasks/s", null);
    }
  }

  /** Punctual's rates over the peers', where both were run. */
  void ratios() {
    for (PeersBench.Peer peer : List.of(PeersBench.Peer.DBSCHEDULER, PeersBench.Peer.QUARTZ)) {
      String target = peer == PeersBench.Peer.DBSCHEDULER ? "≥ 6" : "≥ 20";
      ratio(peer, "oneshot", oneShotRates, target);
      ratio(peer, "recurring", recurringRates, null);
      ratio(
          peer,
          "recurring_capacity",
          capacities,
          peer == PeersBench.Peer.DBSCHEDULER ? "≥ 6" : null);
    }
  }

  private void ratio(
      PeersBench.Peer peer, String workload, Map<PeersBench.Peer, Double> rates, String target) {
    Double punctual = rates.get(PeersBench.Peer.PUNCTUAL);
    Double other = rates.get(peer);
    if (punctual != null && other != null && other > 0) {
      figures.add(
          "peers.punctual_to_" + peer.key() + "." + workload, punctual / other, "ratio", target);
    }
  }

  void writeTo(Path file) {
    figures.writeTo(file);
  }
}

package io.punctual.bench;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario 6's figures: {@code peers.<system>.oneshot.*} and {@code peers.<system>.recurring.*} for
 * each system run, then Punctual's rate over each peer's ({@code
 * peers.punctual_to_<peer>.oneshot|recurring}).
 */
final class PeerFigures {
  private final Figures figures;
  private final Map<PeersBench.Peer, Double> oneShotRates = new EnumMap<>(PeersBench.Peer.class);
  private final Map<PeersBench.Peer, Double> recurringRates = new EnumMap<>(PeersBench.Peer.class);

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
      String target = peer == PeersBench.Peer.DBSCHEDULER ? "≥ 5" : "≥ 20";
      ratio(peer, "oneshot", oneShotRates, target);
      ratio(peer, "recurring", recurringRates, null);
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

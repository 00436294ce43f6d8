package io.punctual.api.internal.overview;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.punctual.api.ApiConfig;
import io.punctual.api.internal.Json;
import io.punctual.api.internal.SchedulerBinding;
import io.punctual.scheduler.SchedulerActivity;
import io.punctual.scheduler.TimerQueries;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * This instance's part of {@code GET /overview}: its activity of the last hour and its timers per
 * namespace, of the namespaces a caller sees. The count reads every entry of the local timer
 * stores, so it is made at most once per {@code overview.counts-max-age} and shared by callers.
 */
@Singleton
public class LocalOverview {
  private final SchedulerBinding binding;
  private final ApiConfig.Overview config;
  private final TimerQueries queries;
  private final Clock clock;
  private TimerQueries.NamespaceCounts counts;
  private Instant countedAt;

  public LocalOverview(SchedulerBinding binding, ApiConfig config, Clock clock) {
    this.binding = binding;
    this.config = config.getOverview();
    this.queries = new TimerQueries(binding.streams(), binding.config());
    this.clock = clock;
  }

  /** The instance's activity and counts of the namespaces {@code visible} accepts. */
  public ObjectNode overview(Predicate<String> visible) {
    ObjectNode body = Json.object();
    ArrayNode minutes = body.putArray("minutes");
    for (SchedulerActivity.MinuteActivity minute : binding.activity().lastHour(visible)) {
      ObjectNode node = minutes.addObject();
      node.put("start", minute.startMillis());
      node.put("firings", minute.firings());
      node.put("failures", minute.failures());
      node.put("deadLetters", minute.deadLetters());
      ArrayNode lateness = node.putArray("lateness");
      for (long count : minute.lateness()) {
        lateness.add(count);
      }
    }
    TimerQueries.NamespaceCounts all = counts();
    ArrayNode namespaces = body.putArray("namespaces");
    for (TimerQueries.NamespaceCount count : all.namespaces()) {
      if (visible.test(count.namespace())) {
        namespaces
            .addObject()
            .put("namespace", count.namespace())
            .put("pending", count.pending())
            .put("paused", count.paused());
      }
    }
    body.put("countsPartial", all.truncated());
    body.put("countedAt", countedAt.toString());
    return body;
  }

  private synchronized TimerQueries.NamespaceCounts counts() {
    Instant now = clock.instant();
    if (counts == null || !now.isBefore(countedAt.plus(config.getCountsMaxAge()))) {
      counts = queries.countByNamespace(namespace -> true, config.getCountsMaxEntries());
      countedAt = now;
    }
    return counts;
  }
}

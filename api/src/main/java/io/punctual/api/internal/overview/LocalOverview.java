package io.punctual.api.internal.overview;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.punctual.api.ApiConfig;
import io.punctual.api.internal.Json;
import io.punctual.api.internal.SchedulerBinding;
import io.punctual.scheduler.SchedulerActivity;
import io.punctual.scheduler.TimerQueries;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * This instance's part of {@code GET /overview}: its activity of the last hour and its timers per
 * namespace, of the namespaces a caller sees. The count reads every entry of the local timer
 * stores, so it is made at most once per {@code overview.counts-max-age}, in the background, and
 * shared by callers.
 */
@Singleton
public class LocalOverview {
  private final SchedulerBinding binding;
  private final ApiConfig.Overview config;
  private final TimerQueries queries;
  private final Clock clock;
  private final AtomicBoolean counting = new AtomicBoolean();
  private final ExecutorService counter =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread thread = new Thread(task, "punctual-api-overview-count");
            thread.setDaemon(true);
            return thread;
          });
  private volatile Counted counted;

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
    Counted all = counts();
    ArrayNode namespaces = body.putArray("namespaces");
    for (TimerQueries.NamespaceCount count : all.counts().namespaces()) {
      if (visible.test(count.namespace())) {
        namespaces
            .addObject()
            .put("namespace", count.namespace())
            .put("pending", count.pending())
            .put("paused", count.paused());
      }
    }
    body.put("countsPartial", all.counts().truncated());
    body.put("countedAt", all.at().toString());
    body.put("activityPartial", binding.activity().overflowed());
    return body;
  }

  /**
   * The latest count: made here the first time, then again in the background once older than {@code
   * counts-max-age}, the older one answered meanwhile, so that no request waits for a scan.
   */
  private Counted counts() {
    Counted current = counted;
    if (current == null) {
      synchronized (this) {
        if (counted == null) {
          counted = count();
        }
        return counted;
      }
    }
    if (!clock.instant().isBefore(current.at().plus(config.getCountsMaxAge()))
        && counting.compareAndSet(false, true)) {
      try {
        counter.execute(
            () -> {
              try {
                counted = count();
              } finally {
                counting.set(false);
              }
            });
      } catch (RejectedExecutionException e) {
        counting.set(false);
      }
    }
    return current;
  }

  private Counted count() {
    Instant at = clock.instant();
    return new Counted(
        queries.countByNamespace(namespace -> true, config.getCountsMaxEntries()), at);
  }

  @PreDestroy
  void close() {
    counter.shutdownNow();
  }

  private record Counted(TimerQueries.NamespaceCounts counts, Instant at) {}
}

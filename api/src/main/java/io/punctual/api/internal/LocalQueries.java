package io.punctual.api.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.punctual.scheduler.TimerQueries;
import io.punctual.scheduler.TimerView;
import io.punctual.scheduler.UpcomingFiring;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * This instance's answers, from its own stores only, restricted to what the caller may see. The
 * routing controllers combine them with the other instances' answers.
 */
@Singleton
public class LocalQueries {
  private final TimerQueries queries;

  public LocalQueries(SchedulerBinding binding) {
    this.queries = new TimerQueries(binding.streams(), binding.config());
  }

  /** The owner of the timer when it is another instance. */
  public Optional<org.apache.kafka.streams.state.HostInfo> remoteOwner(String id) {
    return queries.ownerOf(id);
  }

  /** The timer, if this instance owns it; 403 when the caller may not see its namespace. */
  public Optional<ObjectNode> timer(String id, Caller caller) {
    Optional<TimerView> view = queries.timer(id);
    view.ifPresent(v -> caller.requireAccess(v.definition().getNamespace()));
    return view.map(TimerJson::view);
  }

  /** The timer's newest status events, if this instance owns the timer. */
  public Optional<ObjectNode> invocations(String id, int limit, Caller caller) {
    return timer(id, caller)
        .map(
            timer -> {
              List<JsonNode> events = new ArrayList<>();
              queries.history(id, limit).forEach(event -> events.add(TimerJson.event(event)));
              ObjectNode body = TimerJson.wrap("invocations", events);
              body.put("id", id);
              return body;
            });
  }

  /**
   * Up to {@code limit} timers after {@code afterId} in id order, of namespaces the caller sees.
   */
  public List<ObjectNode> list(
      String namespace, Map<String, String> labels, String afterId, int limit, Caller caller) {
    List<ObjectNode> page = new ArrayList<>();
    String cursor = afterId;
    while (page.size() < limit) {
      List<TimerView> batch = queries.list(namespace, labels, cursor, limit);
      for (TimerView view : batch) {
        if (page.size() < limit && caller.mayAccess(view.definition().getNamespace())) {
          page.add(TimerJson.view(view));
        }
      }
      if (batch.size() < limit) {
        break;
      }
      cursor = batch.get(batch.size() - 1).id();
    }
    return page;
  }

  /** Up to {@code limit} firings due by {@code until}, in due order, of timers the caller sees. */
  public List<ObjectNode> upcoming(Instant until, int limit, Caller caller) {
    Map<String, String> namespaces = new HashMap<>();
    List<ObjectNode> firings = new ArrayList<>();
    int fetch = limit;
    while (true) {
      List<UpcomingFiring> batch = queries.upcoming(until, fetch);
      firings.clear();
      for (UpcomingFiring firing : batch) {
        String namespace =
            namespaces.computeIfAbsent(
                firing.timerId(),
                id -> queries.timer(id).map(v -> v.definition().getNamespace()).orElse(""));
        if (firings.size() < limit && caller.mayAccess(namespace)) {
          firings.add(TimerJson.firing(firing, namespace));
        }
      }
      if (firings.size() >= limit || batch.size() < fetch || fetch >= Integer.MAX_VALUE / 2) {
        return firings;
      }
      fetch *= 2;
    }
  }
}

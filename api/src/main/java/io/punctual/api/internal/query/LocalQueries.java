package io.punctual.api.internal.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.punctual.api.ApiConfig;
import io.punctual.api.internal.BoundedPage;
import io.punctual.api.internal.SchedulerBinding;
import io.punctual.api.internal.auth.Caller;
import io.punctual.api.internal.problems.ApiProblem;
import io.punctual.api.internal.timers.TimerJson;
import io.punctual.scheduler.TimerQueries;
import io.punctual.scheduler.TimerView;
import io.punctual.scheduler.UpcomingFiring;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * This instance's answers, from its own stores only, restricted to what the caller may see: a timer
 * of a namespace it may not see is absent. The routing controllers combine them with the other
 * instances' answers.
 */
@Singleton
public class LocalQueries {
  public static final Comparator<JsonNode> ID_ORDER =
      Comparator.comparing(t -> t.path("id").asText());

  private final SchedulerBinding binding;
  private final TimerQueries queries;

  public LocalQueries(SchedulerBinding binding, ApiConfig config) {
    this.binding = binding;
    this.queries = new TimerQueries(binding.streams(), binding.config());
  }

  /**
   * Where timer {@code id} lives now: empty when this instance owns it and can query its store, the
   * owning instance otherwise. Fails closed: while that is not known (Kafka Streams not running,
   * rebalancing, the partition's store not queryable) it throws a 503 problem, so that no caller
   * goes on as if the timer did not exist.
   */
  public Optional<HostInfo> owner(String id) {
    KafkaStreams streams = binding.streams();
    KafkaStreams.State state = streams.state();
    if (state != KafkaStreams.State.RUNNING) {
      throw ApiProblem.unavailable(
          "the scheduler's state cannot be queried now (Kafka Streams is " + state + "); retry");
    }
    if (binding.self().isEmpty()) {
      return Optional.empty();
    }
    KeyQueryMetadata metadata;
    try {
      metadata = queries.placement(id);
    } catch (IllegalStateException e) {
      throw ApiProblem.unavailable("the scheduler's state cannot be queried now; retry");
    }
    if (metadata == null
        || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)
        || metadata.activeHost() == null
        || metadata.activeHost().port() < 0) {
      throw ApiProblem.unavailable(
          "which instance owns timer '" + id + "' is not known now (rebalancing); retry");
    }
    if (!binding.isSelf(metadata.activeHost())) {
      return Optional.of(metadata.activeHost());
    }
    queries.checkQueryable(id, metadata.partition());
    return Optional.empty();
  }

  /** The timer, if this instance owns it and the caller may see its namespace. */
  public Optional<ObjectNode> timer(String id, Caller caller) {
    return queries
        .timer(id)
        .filter(view -> caller.mayAccess(view.definition().getNamespace()))
        .map(TimerJson::view);
  }

  /** The timer's newest status events, if this instance owns the timer and the caller sees it. */
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
   * Up to {@code limit} timers after {@code afterId} in id order, of namespaces the caller sees:
   * the store is read one visible namespace at a time, filtered while it is iterated, so that no
   * timer of another namespace is ever turned into a view, and at most {@code limit} per namespace
   * are held.
   *
   * @param namespace only this namespace; null for every namespace the caller sees
   * @param prefix only ids starting with it; null for all
   */
  public List<JsonNode> list(
      String namespace,
      Map<String, String> labels,
      String prefix,
      String afterId,
      int limit,
      Caller caller) {
    List<String> scopes = new ArrayList<>();
    if (namespace != null) {
      if (caller.mayAccess(namespace)) {
        scopes.add(namespace);
      }
    } else if (caller.admin()) {
      scopes.add(null);
    } else {
      scopes.addAll(new TreeSet<>(caller.namespaces()));
    }
    BoundedPage<JsonNode> page = new BoundedPage<>(limit, ID_ORDER);
    for (String scope : scopes) {
      for (TimerView view : queries.list(scope, labels, prefix, afterId, limit)) {
        page.offer(TimerJson.view(view));
      }
    }
    return page.items();
  }

  /**
   * Up to {@code limit} firings due by {@code until}, in due order, of timers the caller sees: the
   * due index is filtered by namespace as it is scanned, so memory stays within the page.
   */
  public List<JsonNode> upcoming(Instant until, int limit, Caller caller) {
    List<UpcomingFiring> due =
        caller.admin()
            ? queries.upcoming(until, limit)
            : queries.upcoming(until, limit, caller::mayAccess);
    Map<String, String> namespaces = new HashMap<>();
    List<JsonNode> firings = new ArrayList<>();
    for (UpcomingFiring firing : due) {
      String namespace = namespaces.computeIfAbsent(firing.timerId(), this::namespaceOf);
      if (firings.size() < limit && caller.mayAccess(namespace)) {
        firings.add(TimerJson.firing(firing, namespace));
      }
    }
    return firings;
  }

  /** The namespace of a local timer; "" for a retry of a timer deleted meanwhile. */
  private String namespaceOf(String id) {
    return queries.namespaceOf(id).orElse("");
  }
}

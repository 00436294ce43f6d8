package io.punctual.api.internal.overview;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.punctual.api.internal.Json;
import io.punctual.api.internal.SchedulerBinding;
import io.punctual.api.internal.auth.Caller;
import io.punctual.api.internal.problems.ApiProblem;
import io.punctual.api.internal.query.InternalPaths;
import io.punctual.api.internal.query.PeerClient;
import io.punctual.api.internal.timers.TimerReadController;
import io.punctual.scheduler.SchedulerActivity;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.state.HostInfo;

/**
 * {@code GET /overview}: the last hour per minute (first attempts fired, failures, dead letters,
 * lateness p99 of first attempts), timers per namespace, and the instances with the partitions they
 * own, summed over every instance that answers; of the namespaces the caller sees. Admin tokens
 * also get the meters of the executors configured in {@code overview.executors} ({@link
 * ExecutorMeters}).
 */
@Controller("/overview")
@ExecuteOn(TaskExecutors.BLOCKING)
public class OverviewController {
  private final SchedulerBinding binding;
  private final LocalOverview local;
  private final PeerClient peerClient;
  private final ExecutorMeters executors;

  public OverviewController(
      SchedulerBinding binding,
      LocalOverview local,
      PeerClient peerClient,
      ExecutorMeters executors) {
    this.binding = binding;
    this.local = local;
    this.peerClient = peerClient;
    this.executors = executors;
  }

  @Operation(summary = "Activity of the last hour, timers per namespace, instances and partitions")
  @Get(produces = MediaType.APPLICATION_JSON)
  public HttpResponse<String> overview(
      @Parameter(description = "only this namespace") @QueryValue @Nullable String namespace,
      HttpRequest<?> request) {
    Caller caller = Caller.of(request);
    String only = namespace == null || namespace.isBlank() ? null : namespace;
    if (only != null) {
      caller.requireAccess(only);
    }
    Predicate<String> visible = visible(caller, only);
    Merged merged = new Merged();
    ArrayNode instances = Json.object().arrayNode();
    for (Instance instance : instances()) {
      ObjectNode node = instances.addObject();
      node.put("host", instance.host());
      node.put("self", instance.self());
      instance.partitions().forEach(node.putArray("partitions")::add);
      instance.standbys().forEach(node.putArray("standbyPartitions")::add);
      try {
        merged.add(
            instance.self()
                ? local.overview(visible)
                : peerClient.getJson(
                    instance.address(), InternalPaths.overview(query(only)), caller));
        node.put("answered", true);
      } catch (ApiProblem e) {
        node.put("answered", false);
        node.put("problem", e.getMessage());
      }
    }
    ObjectNode body = merged.toJson();
    body.set("instances", instances);
    // the executors' meters are the whole cluster's: for callers that see every namespace
    body.set(
        "executors", caller.admin() && only == null ? executors.read() : Json.object().arrayNode());
    return TimerReadController.ok(body);
  }

  /** The namespaces an overview for {@code caller}, narrowed to {@code only}, shows. */
  public static Predicate<String> visible(Caller caller, String only) {
    if (only != null) {
      return namespace -> only.equals(namespace) && caller.mayAccess(namespace);
    }
    return caller::mayAccess;
  }

  private static String query(String only) {
    return only == null ? "" : "namespace=" + InternalPaths.encode(only);
  }

  private List<Instance> instances() {
    String timers = binding.topics().timers();
    List<Instance> instances = new ArrayList<>();
    for (StreamsMetadata metadata : binding.streams().metadataForAllStreamsClients()) {
      HostInfo host = metadata.hostInfo();
      if (host.port() < 0) {
        continue;
      }
      instances.add(
          new Instance(
              host,
              binding.isSelf(host),
              partitions(metadata.topicPartitions(), timers),
              partitions(metadata.standbyTopicPartitions(), timers)));
    }
    if (instances.stream().noneMatch(Instance::self)) {
      TreeSet<Integer> active = new TreeSet<>();
      TreeSet<Integer> standby = new TreeSet<>();
      binding
          .streams()
          .metadataForLocalThreads()
          .forEach(
              thread -> {
                thread.activeTasks().forEach(task -> active.add(partition(task.taskId())));
                thread.standbyTasks().forEach(task -> standby.add(partition(task.taskId())));
              });
      instances.add(
          0,
          new Instance(
              binding.self().orElse(new HostInfo("this-instance", 0)),
              true,
              List.copyOf(active),
              List.copyOf(standby)));
    }
    return instances;
  }

  private static int partition(TaskId task) {
    return task.partition();
  }

  private static List<Integer> partitions(
      java.util.Set<TopicPartition> topicPartitions, String topic) {
    return topicPartitions.stream()
        .filter(tp -> tp.topic().equals(topic))
        .map(TopicPartition::partition)
        .sorted()
        .toList();
  }

  private record Instance(
      HostInfo address, boolean self, List<Integer> partitions, List<Integer> standbys) {
    String host() {
      return address.host() + ":" + address.port();
    }
  }

  /** The sum of the instances' answers, minute by minute (an instance may be a minute ahead). */
  private static final class Merged {
    private static final int BUCKETS = SchedulerActivity.LATENESS_BOUNDS_MS.length + 1;
    private final TreeMap<Long, long[]> counts = new TreeMap<>();
    private final TreeMap<Long, long[]> lateness = new TreeMap<>();
    private final Map<String, long[]> namespaces = new TreeMap<>();
    private boolean partial;
    private boolean activityPartial;

    void add(JsonNode answer) {
      for (JsonNode minute : answer.path("minutes")) {
        long start = minute.path("start").asLong();
        long[] sum = counts.computeIfAbsent(start, s -> new long[3]);
        sum[0] += minute.path("firings").asLong();
        sum[1] += minute.path("failures").asLong();
        sum[2] += minute.path("deadLetters").asLong();
        long[] buckets = lateness.computeIfAbsent(start, s -> new long[BUCKETS]);
        JsonNode given = minute.path("lateness");
        for (int b = 0; b < Math.min(given.size(), BUCKETS); b++) {
          buckets[b] += given.get(b).asLong();
        }
      }
      for (JsonNode count : answer.path("namespaces")) {
        long[] sum = namespaces.computeIfAbsent(count.path("namespace").asText(), n -> new long[2]);
        sum[0] += count.path("pending").asLong();
        sum[1] += count.path("paused").asLong();
      }
      partial |= answer.path("countsPartial").asBoolean();
      activityPartial |= answer.path("activityPartial").asBoolean();
    }

    ObjectNode toJson() {
      ObjectNode body = Json.object();
      ArrayNode minutes = body.putArray("minutes");
      long[] hour = new long[BUCKETS];
      long[] totals = new long[3];
      List<Long> starts = new ArrayList<>(counts.keySet());
      for (long start :
          starts.subList(Math.max(0, starts.size() - SchedulerActivity.MINUTES), starts.size())) {
        long[] sum = counts.get(start);
        ObjectNode minute = minutes.addObject();
        minute.put("start", Instant.ofEpochMilli(start).toString());
        minute.put("firings", sum[0]);
        minute.put("failures", sum[1]);
        minute.put("deadLetters", sum[2]);
        putP99(minute, lateness.get(start));
        for (int b = 0; b < BUCKETS; b++) {
          hour[b] += lateness.get(start)[b];
        }
        for (int c = 0; c < 3; c++) {
          totals[c] += sum[c];
        }
      }
      ObjectNode total = body.putObject("lastHour");
      total.put("firings", totals[0]);
      total.put("failures", totals[1]);
      total.put("deadLetters", totals[2]);
      putP99(total, hour);
      ArrayNode counted = body.putArray("namespaces");
      namespaces.forEach(
          (namespace, sum) ->
              counted
                  .addObject()
                  .put("namespace", namespace)
                  .put("pending", sum[0])
                  .put("paused", sum[1]));
      body.put("countsPartial", partial);
      body.put("activityPartial", activityPartial);
      return body;
    }

    /**
     * Puts the upper bound of the bucket that holds the 99th percentile, or null without samples;
     * past the last bound, the last bound with {@code latenessP99Above} set.
     */
    private static void putP99(ObjectNode node, long[] buckets) {
      long total = 0;
      for (long count : buckets) {
        total += count;
      }
      node.put("latenessSamples", total);
      if (total == 0) {
        node.putNull("latenessP99Millis");
        return;
      }
      long rank = (long) Math.ceil(total * 0.99);
      long seen = 0;
      long[] bounds = SchedulerActivity.LATENESS_BOUNDS_MS;
      for (int b = 0; b < buckets.length; b++) {
        seen += buckets[b];
        if (seen >= rank) {
          node.put("latenessP99Millis", bounds[Math.min(b, bounds.length - 1)]);
          node.put("latenessP99Above", b == bounds.length);
          return;
        }
      }
    }
  }
}

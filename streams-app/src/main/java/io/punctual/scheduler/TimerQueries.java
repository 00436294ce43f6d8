package io.punctual.scheduler;

import io.punctual.InvocationHeaders;
import io.punctual.StatusEvent;
import io.punctual.StatusType;
import io.punctual.TimerDefinition;
import io.punctual.scheduler.internals.NodeNames;
import io.punctual.scheduler.internals.scheduling.DueIndex;
import io.punctual.scheduler.internals.scheduling.FiringPlan;
import io.punctual.scheduler.internals.scheduling.FiringPlans;
import io.punctual.scheduler.internals.state.LiveTimer;
import io.punctual.scheduler.internals.state.NextFiring;
import io.punctual.scheduler.internals.state.StatusHistory;
import io.punctual.scheduler.internals.state.TimerState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads the timers, the due index and the history of a running scheduler instance through Kafka
 * Streams interactive queries, for the REST API.
 *
 * <p>Every answer comes from this instance's LOCAL state only: the timers whose partitions it owns
 * as active tasks. To answer for any timer, route a request to its owner ({@link #ownerOf}, which
 * needs {@code application.server} set on every instance), and gather {@link #list} and {@link
 * #upcoming} from every instance ({@code KafkaStreams#metadataForAllStreamsClients()}).
 *
 * <p>Thread-safe. Queries throw {@link org.apache.kafka.streams.errors.InvalidStateStoreException}
 * while the instance is not running or its tasks move (a rebalance): retry later.
 */
public final class TimerQueries {
  /** How many next instants {@link #timer} lists. */
  public static final int NEXT_INSTANTS = 10;

  private static final Set<StatusType> OUTCOMES =
      EnumSet.of(
          StatusType.SUCCEEDED,
          StatusType.FAILED,
          StatusType.TIMED_OUT,
          StatusType.RETRY_SCHEDULED,
          StatusType.DEAD_LETTERED,
          StatusType.CANCELLED,
          StatusType.SKIPPED);

  private final KafkaStreams streams;
  private final HostInfo self;
  private final int historySize;

  /**
   * @param streams the running scheduler's Kafka Streams instance ({@link
   *     PunctualScheduler#streams()})
   * @param config its settings: {@code application.server} names this instance, {@code
   *     punctual.history.size} bounds the history
   */
  public TimerQueries(KafkaStreams streams, SchedulerConfig config) {
    this.streams = streams;
    Object server = config.streamsProperties().get(StreamsConfig.APPLICATION_SERVER_CONFIG);
    this.self =
        server == null || server.toString().isBlank()
            ? null
            : HostInfo.buildFromEndpoint(server.toString());
    this.historySize = config.historySize();
  }

  /**
   * The instance that owns the timer, when it is another one: empty when this instance owns it,
   * when no instance does yet (a rebalance), or when the instances do not advertise {@code
   * application.server}.
   */
  public Optional<HostInfo> ownerOf(String timerId) {
    KeyQueryMetadata metadata = placement(timerId);
    if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
      return Optional.empty();
    }
    HostInfo owner = metadata.activeHost();
    if (owner == null || owner.port() < 0 || owner.equals(self)) {
      return Optional.empty();
    }
    return Optional.of(owner);
  }

  /**
   * Where timer {@code timerId}'s partition lives now, as Kafka Streams knows it ({@link
   * KafkaStreams#queryMetadataForKey}): {@link KeyQueryMetadata#NOT_AVAILABLE} during a rebalance.
   */
  public KeyQueryMetadata placement(String timerId) {
    return streams.queryMetadataForKey(
        NodeNames.TIMERS_STORE, timerId, Serdes.String().serializer());
  }

  /**
   * Reads timer {@code timerId} in the store of {@code partition}, throwing {@link
   * org.apache.kafka.streams.errors.InvalidStateStoreException} if that store cannot be queried
   * here now.
   */
  public void checkQueryable(String timerId, int partition) {
    timers(partition).get(timerId);
  }

  /** The namespace of a local timer; empty for one this instance does not hold (or deleted). */
  public Optional<String> namespaceOf(String timerId) {
    return timers(null).get(timerId) instanceof LiveTimer timer
        ? Optional.of(timer.definition().getNamespace())
        : Optional.empty();
  }

  /** RocksDB's estimate of the timers this instance holds; NaN while it cannot be queried. */
  public double approximateTimers() {
    return approximateEntries(NodeNames.TIMERS_STORE);
  }

  /** RocksDB's estimate of the firings in this instance's due index; NaN while not queryable. */
  public double approximateDuePending() {
    return approximateEntries(NodeNames.DUE_INDEX_STORE);
  }

  private double approximateEntries(String store) {
    if (streams.state() != KafkaStreams.State.RUNNING) {
      return Double.NaN;
    }
    try {
      return this.<Object, Object>store(store, null).approximateNumEntries();
    } catch (InvalidStateStoreException e) {
      return Double.NaN;
    }
  }

  /** The timer with its runtime state, if this instance owns it. */
  public Optional<TimerView> timer(String id) {
    return timers(null).get(id) instanceof LiveTimer timer
        ? Optional.of(view(id, timer, new FiringPlans()))
        : Optional.empty();
  }

  /**
   * Up to {@code limit} local timers in id order, after {@code afterId}.
   *
   * @param namespace only timers of this namespace; null for all
   * @param labels only timers carrying every one of these labels with these values
   * @param afterId the last id of the previous page, exclusive; null for the first page
   * @param limit the page size, at least 1
   */
  public List<TimerView> list(
      String namespace, Map<String, String> labels, String afterId, int limit) {
    return list(namespace, labels, null, afterId, limit);
  }

  /**
   * Up to {@code limit} local timers whose id starts with {@code prefix}, in id order, after {@code
   * afterId}: the stores are read from the prefix on and stop at the first id past it.
   *
   * @param prefix only ids starting with it; null or empty for all
   */
  public List<TimerView> list(
      String namespace, Map<String, String> labels, String prefix, String afterId, int limit) {
    String idPrefix = prefix == null || prefix.isEmpty() ? null : prefix;
    String from = start(idPrefix, afterId);
    FiringPlans plans = new FiringPlans();
    List<KeyValue<String, LiveTimer>> page = new ArrayList<>();
    for (int partition : localPartitions()) {
      try (KeyValueIterator<String, TimerState> it =
          from == null ? timers(partition).all() : timers(partition).range(from, null)) {
        int taken = 0;
        while (taken < limit && it.hasNext()) {
          KeyValue<String, TimerState> next = it.next();
          if (idPrefix != null && !next.key.startsWith(idPrefix)) {
            break;
          }
          if (!next.key.equals(afterId)
              && next.value instanceof LiveTimer timer
              && matches(timer.definition(), namespace, labels)) {
            page.add(KeyValue.pair(next.key, timer));
            taken++;
          }
        }
      }
    }
    page.sort(Comparator.comparing(entry -> entry.key));
    return page.stream().limit(limit).map(entry -> view(entry.key, entry.value, plans)).toList();
  }

  /**
   * Counts this instance's timers per namespace that {@code visible} accepts: those with a firing
   * to come and those paused. Every entry of the local timer stores is read, up to {@code
   * maxEntries}; the count says whether it stopped there.
   */
  public NamespaceCounts countByNamespace(Predicate<String> visible, long maxEntries) {
    Map<String, long[]> counts = new TreeMap<>();
    long read = 0;
    for (int partition : localPartitions()) {
      try (KeyValueIterator<String, TimerState> it = timers(partition).all()) {
        while (it.hasNext()) {
          if (read++ >= maxEntries) {
            return new NamespaceCounts(tallies(counts), true);
          }
          if (it.next().value instanceof LiveTimer timer
              && visible.test(timer.definition().getNamespace())) {
            long[] tally =
                counts.computeIfAbsent(timer.definition().getNamespace(), n -> new long[2]);
            if (timer.paused()) {
              tally[1]++;
            } else if (timer.hasNext()) {
              tally[0]++;
            }
          }
        }
      }
    }
    return new NamespaceCounts(tallies(counts), false);
  }

  private static List<NamespaceCount> tallies(Map<String, long[]> counts) {
    return counts.entrySet().stream()
        .map(e -> new NamespaceCount(e.getKey(), e.getValue()[0], e.getValue()[1]))
        .toList();
  }

  /**
   * The timers of one namespace on this instance.
   *
   * @param pending with a firing to come
   * @param paused paused
   */
  public record NamespaceCount(String namespace, long pending, long paused) {}

  /**
   * The count of every namespace; {@code truncated} when the stores held more entries than were
   * read.
   */
  public record NamespaceCounts(List<NamespaceCount> namespaces, boolean truncated) {}

  /** Where a listing starts in the stores' (UTF-8 byte) order: the later of prefix and cursor. */
  private static String start(String prefix, String afterId) {
    if (prefix == null || afterId == null) {
      return prefix == null ? afterId : prefix;
    }
    return Arrays.compareUnsigned(
                prefix.getBytes(StandardCharsets.UTF_8), afterId.getBytes(StandardCharsets.UTF_8))
            > 0
        ? prefix
        : afterId;
  }

  /**
   * Up to {@code limit} local firings due at or before {@code until}, regular ones and retries, in
   * due order: each firing waiting in the due index, and the instants its timer fires at after it,
   * up to {@code until}.
   */
  public List<UpcomingFiring> upcoming(Instant until, int limit) {
    return upcoming(until, limit, null);
  }

  /**
   * Up to {@code limit} local firings due at or before {@code until} of timers whose namespace
   * {@code visible} accepts (null: of every timer, and the retries of deleted ones), in due order.
   * Firings of other namespaces are passed over while the due index is scanned, and no more than
   * {@code limit} firings are held at once, however often a timer fires.
   */
  public List<UpcomingFiring> upcoming(Instant until, int limit, Predicate<String> visible) {
    long horizon = until.toEpochMilli();
    PriorityQueue<UpcomingFiring> kept = new PriorityQueue<>(UPCOMING_ORDER.reversed());
    FiringPlans plans = new FiringPlans();
    for (int partition : localPartitions()) {
      ReadOnlyKeyValueStore<String, TimerState> timers = timers(partition);
      for (DueIndex.Entry entry :
          DueIndex.dueUpTo(
              dueIndex(partition),
              horizon,
              limit,
              due -> {
                TimerState state = timers.get(due.timerId());
                if (visible != null
                    && !(state instanceof LiveTimer timer
                        && visible.test(timer.definition().getNamespace()))) {
                  return false;
                }
                return due.retry() || firesAt(state, due.due());
              })) {
        // read again: the stream thread may have changed or deleted the timer meanwhile
        if (keep(kept, limit, firing(entry))
            && !entry.retry()
            && timers.get(entry.timerId()) instanceof LiveTimer timer) {
          keepFollowing(kept, limit, entry.timerId(), timer, plans, horizon);
        }
      }
    }
    List<UpcomingFiring> upcoming = new ArrayList<>(kept);
    upcoming.sort(UPCOMING_ORDER);
    return List.copyOf(upcoming);
  }

  /**
   * Keeps the firings of a timer after its next one, up to the horizon, while they rank; none for a
   * fixed-delay timer, whose next instant waits for an outcome. A firing is due at or after its
   * nominal instant (jitter only delays), so the walk stops on the nominal instants: past the
   * horizon, or later than every firing kept when no more room is left.
   */
  private static void keepFollowing(
      PriorityQueue<UpcomingFiring> kept,
      int limit,
      String timerId,
      LiveTimer timer,
      FiringPlans plans,
      long horizon) {
    if (!(timer.next() instanceof NextFiring.Scheduled scheduled)
        || FiringPlans.awaitsOutcome(timer.definition())) {
      return;
    }
    FiringPlan plan = plans.plan(timerId, timer);
    long fired = timer.firings() + 1;
    long nominal = plan.nextNominal(scheduled.nominal(), fired);
    while (nominal != TimerState.NONE && nominal <= horizon) {
      if (kept.size() >= limit && nominal > kept.peek().dueAt().toEpochMilli()) {
        return;
      }
      long due = plan.due(nominal);
      if (due <= horizon) {
        keep(
            kept,
            limit,
            new UpcomingFiring(
                timerId,
                InvocationHeaders.invocationId(timerId, due),
                Instant.ofEpochMilli(due),
                1));
      }
      fired++;
      nominal = plan.nextNominal(nominal, fired);
    }
  }

  /** Adds a firing to the {@code limit} earliest held, if it ranks among them. */
  private static boolean keep(PriorityQueue<UpcomingFiring> kept, int limit, UpcomingFiring f) {
    if (kept.size() < limit) {
      kept.add(f);
      return true;
    }
    if (UPCOMING_ORDER.compare(f, kept.peek()) < 0) {
      kept.poll();
      kept.add(f);
      return true;
    }
    return false;
  }

  /**
   * Whether a timer's regular index entry at {@code due} is a firing: not the removal of a fired
   * one-shot or of a deleted timer's marker, nor the bound of an awaited outcome.
   */
  private static boolean firesAt(TimerState state, long due) {
    return state instanceof LiveTimer timer
        && timer.next() instanceof NextFiring.Scheduled scheduled
        && scheduled.due() == due;
  }

  private static final Comparator<UpcomingFiring> UPCOMING_ORDER =
      Comparator.comparing(UpcomingFiring::dueAt)
          .thenComparing(UpcomingFiring::timerId)
          .thenComparing(UpcomingFiring::invocationId);

  /**
   * Up to {@code limit} of the timer's most recent status events, newest first (at most {@code
   * punctual.history.size}), if this instance owns it: those of its namespace and those naming
   * none. A delete purges them.
   */
  public List<StatusEvent> history(String id, int limit) {
    return StatusHistory.shown(history(), id, timers(null).get(id), Math.min(limit, historySize));
  }

  private TimerView view(String id, LiveTimer state, FiringPlans plans) {
    List<Instant> next = nextDue(plans.plan(id, state), state);
    StatusEvent lastOutcome =
        StatusHistory.newestOf(history(), id, state.definition().getNamespace(), historySize)
            .stream()
            .filter(event -> OUTCOMES.contains(event.getType()))
            .findFirst()
            .orElse(null);
    return new TimerView(
        id,
        state.definition(),
        Instant.ofEpochMilli(state.anchor()),
        next,
        lastOutcome,
        state.firings(),
        state.paused(),
        state.inFlight());
  }

  /** The next instants due: none while the timer waits for an outcome or has no next instant. */
  private static List<Instant> nextDue(FiringPlan plan, LiveTimer state) {
    if (state.next() instanceof NextFiring.Scheduled scheduled) {
      return plan.nextDue(scheduled.nominal(), state.firings(), NEXT_INSTANTS);
    }
    if (state.next() instanceof NextFiring.Held held) {
      return plan.nextDue(held.nominal(), state.firings(), NEXT_INSTANTS);
    }
    return List.of();
  }

  private static boolean matches(
      TimerDefinition definition, String namespace, Map<String, String> labels) {
    if (namespace != null && !namespace.equals(definition.getNamespace())) {
      return false;
    }
    Map<String, String> own = definition.getLabels();
    return labels == null
        || labels.entrySet().stream()
            .allMatch(
                label -> own != null && Objects.equals(own.get(label.getKey()), label.getValue()));
  }

  private static UpcomingFiring firing(DueIndex.Entry entry) {
    String invocationId =
        entry.retry()
            ? entry.invocationId()
            : InvocationHeaders.invocationId(entry.timerId(), entry.due());
    return new UpcomingFiring(
        entry.timerId(),
        invocationId,
        Instant.ofEpochMilli(entry.due()),
        entry.retry() ? entry.attempt() : 1);
  }

  /** The partitions of this instance's active tasks. */
  private Set<Integer> localPartitions() {
    Set<Integer> partitions = new TreeSet<>();
    for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
      for (TaskMetadata task : thread.activeTasks()) {
        partitions.add(task.taskId().partition());
      }
    }
    return partitions;
  }

  private ReadOnlyKeyValueStore<String, TimerState> timers(Integer partition) {
    return store(NodeNames.TIMERS_STORE, partition);
  }

  private ReadOnlyKeyValueStore<Bytes, byte[]> dueIndex(int partition) {
    return store(NodeNames.DUE_INDEX_STORE, partition);
  }

  private ReadOnlyKeyValueStore<Bytes, byte[]> history() {
    return store(NodeNames.HISTORY_STORE, null);
  }

  private <K, V> ReadOnlyKeyValueStore<K, V> store(String name, Integer partition) {
    StoreQueryParameters<ReadOnlyKeyValueStore<K, V>> parameters =
        StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore());
    return streams.store(partition == null ? parameters : parameters.withPartition(partition));
  }
}

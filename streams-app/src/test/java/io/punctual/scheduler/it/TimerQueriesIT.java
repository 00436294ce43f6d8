package io.punctual.scheduler.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.StatusEvent;
import io.punctual.StatusType;
import io.punctual.scheduler.PunctualScheduler;
import io.punctual.scheduler.SchedulerConfig;
import io.punctual.scheduler.TimerQueries;
import io.punctual.scheduler.TimerView;
import io.punctual.scheduler.UpcomingFiring;
import io.punctual.scheduler.internals.metrics.GuardedMetricsStreams;
import io.punctual.serde.JsonRecordSerializer;
import io.punctual.testkit.KafkaBroker;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The query facade over a running scheduler on a real broker: timers, upcoming, history. */
class TimerQueriesIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  private static String timer(String namespace, String team, Instant startAt) {
    return "{\"namespace\": \""
        + namespace
        + "\", \"labels\": {\"team\": \""
        + team
        + "\"}, \"schedule\": {\"every\": \"PT1H\", \"startAt\": \""
        + startAt
        + "\"}, \"target\": {\"http\": {\"url\": \"http://target.test/delivered\"}}}";
  }

  private static StatusEvent event(String timerId, StatusType type, Instant at) {
    return StatusEvent.newBuilder()
        .setType(type)
        .setTimerId(timerId)
        .setInvocationId(timerId + "@1")
        .setAt(at)
        .build();
  }

  @Test
  void shouldAnswerTimersUpcomingFiringsAndHistoryFromLocalState() throws Exception {
    Map<String, Object> settings = ItSettings.of(KAFKA.kafka(), "queries");
    settings.put("application.server", "localhost:18080");
    SchedulerConfig config = new SchedulerConfig(settings);
    try (PunctualScheduler scheduler = PunctualScheduler.start(config);
        KafkaProducer<String, String> timers = producer(new StringSerializer());
        KafkaProducer<String, StatusEvent> status = producer(new JsonRecordSerializer<>())) {
      assertTrue(scheduler.awaitRunning(WAIT), "scheduler running");
      TimerQueries queries = new TimerQueries(scheduler.streams(), config);
      // Given four hourly timers in two namespaces, starting within the next hour
      Instant base = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
      send(timers, config.topics().timers(), "a-1", timer("billing", "x", base.plusSeconds(1800)));
      send(timers, config.topics().timers(), "a-2", timer("billing", "y", base.plusSeconds(600)));
      send(timers, config.topics().timers(), "a-3", timer("billing", "x", base.plusSeconds(1200)));
      send(timers, config.topics().timers(), "b-1", timer("other", "x", base.plusSeconds(2400)));
      // And three outcomes of a-1 on the status topic
      Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      send(status, config.topics().status(), "a-1", event("a-1", StatusType.STARTED, t));
      send(
          status,
          config.topics().status(),
          "a-1",
          event("a-1", StatusType.SUCCEEDED, t.plusMillis(5)));
      send(
          status,
          config.topics().status(),
          "a-1",
          event("a-1", StatusType.STARTED, t.plusMillis(9)));

      // When a-1 is looked up, then it has its definition and its next 10 instants, hourly
      TimerView a1 = eventually(() -> queries.timer("a-1").filter(v -> v.lastOutcome() != null));
      List<Instant> next =
          java.util.stream.IntStream.range(0, 10)
              .mapToObj(h -> base.plusSeconds(1800 + 3600L * h))
              .toList();
      assertEquals(next, a1.nextInstants());
      assertEquals("billing", a1.definition().getNamespace());
      assertEquals(StatusType.SUCCEEDED, a1.lastOutcome().getType());
      assertEquals(0, a1.firings());
      assertEquals(false, a1.paused());
      // And this instance owns it
      assertEquals(Optional.empty(), queries.ownerOf("a-1"));
      eventually(() -> queries.timer("b-1"));

      // When billing timers of team x are listed a page of one at a time
      List<TimerView> first = queries.list("billing", Map.of("team", "x"), null, 1);
      List<TimerView> second = queries.list("billing", Map.of("team", "x"), "a-1", 1);
      List<TimerView> third = queries.list("billing", Map.of("team", "x"), "a-3", 1);
      // Then the pages are a-1, a-3, nothing; and all timers come in id order
      assertEquals(List.of("a-1"), first.stream().map(TimerView::id).toList());
      assertEquals(List.of("a-3"), second.stream().map(TimerView::id).toList());
      assertEquals(List.of(), third);
      assertEquals(
          List.of("a-1", "a-2", "a-3", "b-1"),
          queries.list(null, Map.of(), null, 10).stream().map(TimerView::id).toList());
      // And an id prefix reads only its ids, from the later of prefix and cursor
      assertEquals(
          List.of("a-1", "a-2", "a-3"),
          queries.list(null, Map.of(), "a-", null, 10).stream().map(TimerView::id).toList());
      assertEquals(
          List.of("a-3"),
          queries.list(null, Map.of(), "a-", "a-2", 10).stream().map(TimerView::id).toList());
      assertEquals(
          List.of("b-1"),
          queries.list(null, Map.of(), "b", "a-1", 10).stream().map(TimerView::id).toList());
      // And the timers are counted per namespace
      TimerQueries.NamespaceCounts counts = queries.countByNamespace(n -> true, 1_000);
      assertEquals(false, counts.truncated());
      assertEquals(
          3,
          counts.namespaces().stream()
              .filter(c -> c.namespace().equals("billing"))
              .mapToLong(c -> c.pending() + c.paused())
              .sum());
      assertEquals(true, queries.countByNamespace(n -> true, 2).truncated());

      // And a one-shot that fired: kept an hour past its invocation's bound, indexed for its
      // removal, which is no firing
      send(
          timers,
          config.topics().timers(),
          "c-1",
          "{\"schedule\": {\"after\": \"PT1S\"}, \"target\": {\"http\": {\"url\":"
              + " \"http://target.test/once\"}}}");
      eventually(() -> queries.timer("c-1").filter(v -> v.firings() == 1));

      // When the firings due within 45 minutes of base are asked for
      List<UpcomingFiring> upcoming = queries.upcoming(base.plusSeconds(2700), 10);
      // Then they come in due order, with their invocation ids
      assertEquals(
          List.of("a-2", "a-3", "a-1", "b-1"),
          upcoming.stream().map(UpcomingFiring::timerId).toList());
      assertEquals("a-2@" + base.plusSeconds(600).toEpochMilli(), upcoming.get(0).invocationId());
      assertEquals(1, upcoming.get(0).attempt());
      assertEquals(2, queries.upcoming(base.plusSeconds(2700), 2).size());
      // And further ahead each timer's following instants come too, in due order, as far as the
      // page goes: three of each hourly timer within 2 h 45 min
      List<UpcomingFiring> later = queries.upcoming(base.plusSeconds(9900), 100);
      assertEquals(12, later.size(), later.toString());
      assertEquals(
          List.of("a-2", "a-3", "a-1", "b-1", "a-2"),
          later.subList(0, 5).stream().map(UpcomingFiring::timerId).toList());
      assertEquals("a-2@" + base.plusSeconds(4200).toEpochMilli(), later.get(4).invocationId());
      assertEquals(
          later.subList(0, 5),
          queries.upcoming(base.plusSeconds(9900), 5),
          "a page of five is the first five");
      assertEquals(
          List.of("b-1"),
          queries
              .upcoming(base.plusSeconds(2700), 10, namespace -> !namespace.equals("billing"))
              .stream()
              .map(UpcomingFiring::timerId)
              .toList());
      // And a caller who sees only b-1's namespace gets b-1 in a page of one, though three firings
      // of billing are due before it: the others are passed over as the due index is scanned
      assertEquals(
          List.of("b-1"),
          queries
              .upcoming(base.plusSeconds(2700), 1, namespace -> !namespace.equals("billing"))
              .stream()
              .map(UpcomingFiring::timerId)
              .toList());

      // When a-1's history is asked for once its three events are in, then it comes newest first
      // (the lookup above waited for the second event only)
      List<StatusEvent> history =
          eventually(() -> Optional.of(queries.history("a-1", 10)).filter(h -> h.size() == 3));
      assertEquals(
          List.of(t.plusMillis(9), t.plusMillis(5), t),
          history.stream().map(StatusEvent::getAt).toList());
      assertEquals(List.of(), queries.history("a-2", 10));
    }
  }

  @Test
  void shouldLeaveOutOfItsMetricsTheStoreGaugeThatIsNotSafeToReadFromAnotherThread()
      throws Exception {
    SchedulerConfig config = new SchedulerConfig(ItSettings.of(KAFKA.kafka(), "gauges"));
    try (PunctualScheduler scheduler = PunctualScheduler.start(config)) {
      assertTrue(scheduler.awaitRunning(WAIT), "scheduler running");
      // Given a running scheduler with transactional stores (the default), whose stores registered
      // the gauge with Kafka's JMX reporter
      eventually(
          () ->
              Optional.of(storeAttributesInJmx())
                  .filter(names -> names.contains(GuardedMetricsStreams.UNCOMMITTED_BYTES)));

      // When its metrics are listed, as Micrometer's binder lists them from its own thread
      Set<MetricName> metrics = scheduler.streams().metrics().keySet();

      // Then the other store metrics are there, but not the gauge: read after its store closed, it
      // reads a freed RocksDB write batch (a SIGSEGV)
      assertTrue(
          metrics.stream().anyMatch(m -> m.group().equals(GuardedMetricsStreams.STATE_METRICS)),
          metrics.toString());
      assertEquals(
          List.of(),
          metrics.stream()
              .filter(m -> m.name().equals(GuardedMetricsStreams.UNCOMMITTED_BYTES))
              .toList());
    }
  }

  /** The attributes of Kafka Streams' store-level MBeans, names only (no value is read). */
  private static Set<String> storeAttributesInJmx() {
    try {
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      Set<String> names = new TreeSet<>();
      for (ObjectName bean :
          server.queryNames(
              new ObjectName("kafka.streams:type=" + GuardedMetricsStreams.STATE_METRICS + ",*"),
              null)) {
        for (MBeanAttributeInfo attribute : server.getMBeanInfo(bean).getAttributes()) {
          names.add(attribute.getName());
        }
      }
      return names;
    } catch (JMException e) {
      throw new IllegalStateException(e);
    }
  }

  private static <V> KafkaProducer<String, V> producer(
      org.apache.kafka.common.serialization.Serializer<V> values) {
    return new KafkaProducer<>(
        Map.of("bootstrap.servers", KAFKA.bootstrapServers(), "acks", "all"),
        new StringSerializer(),
        values);
  }

  private static <V> void send(KafkaProducer<String, V> producer, String topic, String key, V value)
      throws Exception {
    producer.send(new ProducerRecord<>(topic, key, value)).get();
  }

  /** Polls a query until it answers, through rebalances and restores. */
  private static <T> T eventually(Supplier<Optional<T>> query) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        Optional<T> answer = query.get();
        if (answer.isPresent()) {
          return answer.get();
        }
      } catch (InvalidStateStoreException e) {
        // the stores are not queryable yet: wait
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no answer within " + WAIT);
  }
}

package io.punctual.scheduler.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.client.DelayedRecords;
import io.punctual.scheduler.PunctualScheduler;
import io.punctual.scheduler.SchedulerConfig;
import io.punctual.scheduler.internals.NodeNames;
import io.punctual.testkit.KafkaBroker;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Delayed records on a real broker: 10,000 records of random bytes (keys, values, headers), due
 * within 20 s, to three destination topics; a read_committed consumer of the destinations sees each
 * once, byte for byte, never before its instant, and records of one key and instant in produce
 * order; the 500 cancelled before their instant never appear; the store is empty afterwards.
 */
class DelayTopicIT {
  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  private static final List<String> DESTINATIONS = List.of("orders", "payments", "reminders");
  private static final int RECORDS = 10_000;
  private static final int CANCELLED = 500;

  @Test
  void shouldDeliverEachDelayedRecordOnceByteForByteAtItsInstant() throws Exception {
    SchedulerConfig config = new SchedulerConfig(ItSettings.of(KAFKA.kafka(), "delay-it"));
    DelayedLoad.createDestinations(KAFKA.bootstrapServers(), DESTINATIONS, 3);
    try (PunctualScheduler scheduler = PunctualScheduler.start(config);
        DeliveryLog log = new DeliveryLog(KAFKA.bootstrapServers(), DESTINATIONS);
        DelayedLoad load =
            new DelayedLoad(
                KAFKA.bootstrapServers(), config.topics().delayed(), DESTINATIONS, 42)) {
      assertTrue(scheduler.awaitRunning(Duration.ofSeconds(60)), "scheduler running");
      // Given 10,000 delayed records of random bytes, due within 20 s, some sharing key and
      // instant, 500 of them named to be cancelled
      Instant base = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.MILLIS);
      load.send(RECORDS, base, 20_000, CANCELLED, base.plusSeconds(8));

      // When the 500 are cancelled right away, well before their instant
      load.cancel();
      assertTrue(Instant.now().isBefore(base.plusSeconds(8)), "cancels sent before the instants");
      List<DeliveryLog.Sent> expected = load.expected();
      boolean all = log.pollUntil(() -> log.received() >= expected.size(), Duration.ofSeconds(90));
      log.drain(Duration.ofSeconds(3));
      System.out.println("DelayTopicIT: " + log.latencySummary());

      // Then each is delivered once, byte for byte, never early, in produce order per key and
      // instant, and no cancelled one
      assertTrue(all, "received " + log.received() + " of " + expected.size());
      assertEquals(RECORDS - CANCELLED, expected.size());
      assertEquals(List.of(), log.problems(load.sent()));
      // and nothing is left in the store
      assertEquals(0, storedEntries(scheduler), "entries left in the delayed-records store");
    }
  }

  @Test
  void shouldDeadLetterWhatCannotBeDeliveredAsReadAndGoOn() throws Exception {
    SchedulerConfig config = new SchedulerConfig(ItSettings.of(KAFKA.kafka(), "delay-bad"));
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic("bad-orders", 3, (short) 1),
                  new NewTopic("tiny", 1, (short) 1).configs(Map.of("max.message.bytes", "500"))))
          .all()
          .get();
      try (PunctualScheduler scheduler = PunctualScheduler.start(config);
          DeliveryLog log = new DeliveryLog(KAFKA.bootstrapServers(), List.of("bad-orders"));
          DeliveryLog deadLetters =
              new DeliveryLog(KAFKA.bootstrapServers(), List.of(config.topics().deadLetters()));
          KafkaProducer<byte[], byte[]> producer = DelayedLoad.producer(KAFKA.bootstrapServers())) {
        assertTrue(scheduler.awaitRunning(Duration.ofSeconds(60)), "scheduler running");
        // Given a record as large as the delay topic takes (so that its dead letter, with the
        // error headers, is larger than Kafka's default limit), one for a topic that does not
        // exist, one too large for its topic, then a good one of the same key
        String delayed = config.topics().delayed();
        Instant at = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.MILLIS);
        byte[] key = "same-key".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] huge = new byte[1_048_300];
        new Random(7).nextBytes(huge);
        byte[] large = new byte[1_000];
        List<ProducerRecord<byte[], byte[]>> bad =
            List.of(
                DelayedRecords.deliverAt(
                    new ProducerRecord<>("bad-orders", key, huge), at, delayed),
                DelayedRecords.deliverAt(
                    new ProducerRecord<>("no-such-topic", key, new byte[] {1}), at, delayed),
                DelayedRecords.deliverAt(new ProducerRecord<>("tiny", key, large), at, delayed));
        for (ProducerRecord<byte[], byte[]> record : bad) {
          producer.send(record).get();
        }
        producer
            .send(
                DelayedRecords.deliverAt(
                    new ProducerRecord<>("bad-orders", key, new byte[] {42}), at, delayed))
            .get();

        // When their instant passes
        assertTrue(
            log.pollUntil(() -> log.received() == 1, Duration.ofSeconds(30)), "good one delivered");
        assertTrue(
            deadLetters.pollUntil(() -> deadLetters.received() == 3, Duration.ofSeconds(30)),
            "three dead letters");

        // Then each bad one is dead-lettered as read, with its reason, and the good one is
        // delivered after them
        List<String> reasons = deadLetters.errors();
        assertTrue(
            reasons.get(0).contains("exceeds punctual.delay.max.record.bytes"), reasons.get(0));
        assertTrue(reasons.get(1).contains("topic no-such-topic does not exist"), reasons.get(1));
        assertTrue(reasons.get(2).contains("max.message.bytes=500"), reasons.get(2));
        for (int i = 0; i < 3; i++) {
          assertTrue(deadLetters.holds(i, bad.get(i)), "dead letter " + i + " holds the original");
        }
        // and no topic was created
        assertTrue(!admin.listTopics().names().get().contains("no-such-topic"), "no topic created");
        assertEquals(0, scheduler.threadFailures());
      }
    }
  }

  private static int storedEntries(PunctualScheduler scheduler) throws InterruptedException {
    int entries = -1;
    for (int attempt = 0; attempt < 50 && entries != 0; attempt++) {
      Thread.sleep(200);
      ReadOnlyKeyValueStore<Bytes, byte[]> store =
          scheduler
              .streams()
              .store(
                  StoreQueryParameters.fromNameAndType(
                      NodeNames.DELAYED_STORE, QueryableStoreTypes.keyValueStore()));
      entries = 0;
      try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
        while (it.hasNext()) {
          KeyValue<Bytes, byte[]> ignored = it.next();
          entries++;
        }
      }
    }
    return entries;
  }
}

package io.punctual.scheduler.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.scheduler.Topics;
import io.punctual.testkit.JavaProcess;
import io.punctual.testkit.KafkaBroker;
import io.punctual.testkit.PunctualProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Transactional state stores (on by default) keep the local state across a SIGKILL: the restarted
 * scheduler replays only the changelog written since the stores last reached disk (RocksDB's
 * memtables, which a kill loses), not the 40,000 timers it holds, and fires what falls due after
 * the restart exactly once.
 */
class KeptStateIT {
  private static final int PENDING = 40_000;
  private static final int DUE = 200;

  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  @Test
  void shouldReplayOnlyTheTailOfTheChangelogsAfterSigkill() throws Exception {
    Topics topics = new Topics("kept");
    Path dir = Files.createTempDirectory("punctual-kept");
    List<String> settings =
        List.of(
            "bootstrap.servers=" + KAFKA.bootstrapServers(),
            "punctual.topic.prefix=kept",
            "punctual.topics.partitions=1",
            "application.id=kept-scheduler",
            "state.dir=" + dir.resolve("state"),
            "rocksdb.config.setter=" + SmallMemtables.class.getName(),
            "session.timeout.ms=10000",
            "heartbeat.interval.ms=1000");
    JavaProcess scheduler = SchedulerMain.start(dir, 1, settings);
    try (TimerLoad pending = new TimerLoad(KAFKA.bootstrapServers(), topics.timers());
        TimerLoad due = new TimerLoad(KAFKA.bootstrapServers(), topics.timers());
        TriggerLog triggers = new TriggerLog(KAFKA.bootstrapServers(), topics.triggers())) {
      // Given 40,000 timers pending for a day, held by a scheduler, and 200 falling due after it
      // restarts
      Instant tomorrow = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MILLIS);
      for (int i = 0; i < PENDING; i++) {
        pending.at("later-" + i, tomorrow.plusMillis(i));
      }
      pending.flush();
      awaitCommitted("kept-scheduler-timers-changelog", PENDING);
      Instant soon = Instant.now().plusSeconds(20).truncatedTo(ChronoUnit.MILLIS);
      for (int i = 0; i < DUE; i++) {
        due.at("soon-" + i, soon.plusMillis(i * 50L));
      }
      due.flush();
      awaitCommitted("kept-scheduler-timers-changelog", PENDING + DUE);

      // When it is killed with SIGKILL and started again on the same state directory
      scheduler.kill();
      scheduler = SchedulerMain.start(dir, 2, settings);

      // Then it replayed a small part of the 80,400 changelog records of its timers and index,
      // and fires the 200 exactly once, none early
      long restored = PunctualProcesses.replayedRecords(scheduler);
      System.out.printf("KeptStateIT: the restart replayed %d changelog records%n", restored);
      assertTrue(restored < PENDING / 2, "replayed " + restored);
      assertTrue(
          triggers.pollUntil(() -> triggers.sawAll(due.expected()), Duration.ofSeconds(120)),
          "missing " + triggers.missing(due.expected()) + " (logs in " + dir + ")");
      triggers.drain(Duration.ofSeconds(3));
      assertEquals(List.of(), triggers.duplicated());
      assertEquals(List.of(), triggers.early());
      assertEquals(Set.of(), triggers.unexpected(due.expected()));
    } finally {
      scheduler.close();
    }
  }

  /** Waits until the changelog partition holds {@code records} committed records. */
  private static void awaitCommitted(String changelog, long records) throws Exception {
    TopicPartition partition = new TopicPartition(changelog, 0);
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (System.nanoTime() < end) {
        try {
          long committed =
              admin
                  .listOffsets(
                      Map.of(partition, OffsetSpec.latest()),
                      new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                  .partitionResult(partition)
                  .get()
                  .offset();
          if (committed >= records) {
            return;
          }
        } catch (java.util.concurrent.ExecutionException e) {
          // the changelog is not created yet
        }
        Thread.sleep(200);
      }
    }
    throw new AssertionError(changelog + " did not reach " + records + " committed records");
  }
}

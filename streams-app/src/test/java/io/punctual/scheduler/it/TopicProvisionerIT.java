package io.punctual.scheduler.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.scheduler.PunctualConfigException;
import io.punctual.scheduler.SchedulerConfig;
import io.punctual.scheduler.Topics;
import io.punctual.scheduler.internals.startup.TopicProvisioner;
import io.punctual.testkit.KafkaBroker;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Topics are created when absent, and an incompatible existing setup stops the start. */
class TopicProvisionerIT {
  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();
  private static Admin admin;

  @BeforeAll
  static void start() {
    admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()));
  }

  @AfterAll
  static void stop() {
    admin.close();
  }

  private static SchedulerConfig config(String prefix) throws Exception {
    return new SchedulerConfig(ItSettings.of(KAFKA.kafka(), prefix));
  }

  @Test
  void shouldCreateMissingTopicsCoPartitionedWithTimersCompacted() throws Exception {
    SchedulerConfig config = config("fresh");
    new TopicProvisioner(admin, config).ensureTopics();
    Topics topics = config.topics();
    var descriptions =
        admin.describeTopics(topics.cleanupPolicies().keySet()).allTopicNames().get();
    descriptions.values().forEach(d -> assertEquals(6, d.partitions().size(), d.name()));
    ConfigResource timers = new ConfigResource(ConfigResource.Type.TOPIC, topics.timers());
    assertEquals(
        "compact",
        admin
            .describeConfigs(List.of(timers))
            .all()
            .get()
            .get(timers)
            .get("cleanup.policy")
            .value());
  }

  @Test
  void shouldCreateTheDelayedStatusTopicOnlyWhenItsEventsAreTurnedOn() throws Exception {
    // Given a scheduler with the default settings, then it creates no delayed-status topic
    SchedulerConfig off = config("quiet");
    new TopicProvisioner(admin, off).ensureTopics();
    assertTrue(!admin.listTopics().names().get().contains(off.topics().delayedStatus()));

    // Given one whose delayed records have status events, then it creates their topic
    Map<String, Object> settings = new HashMap<>(ItSettings.of(KAFKA.kafka(), "chatty"));
    settings.put(SchedulerConfig.DELAY_STATUS_EVENTS_CONFIG, "true");
    SchedulerConfig on = new SchedulerConfig(settings);
    new TopicProvisioner(admin, on).ensureTopics();
    assertTrue(admin.listTopics().names().get().contains(on.topics().delayedStatus()));
  }

  @Test
  void shouldGiveTheDeadLetterTopicRoomForTheLargestInputRecordWithItsErrorHeaders()
      throws Exception {
    // Given a delay topic that takes records of up to 2,000,000 bytes
    SchedulerConfig config = config("roomy");
    Topics topics = config.topics();
    admin
        .createTopics(
            List.of(
                new NewTopic(topics.delayed(), 6, (short) 1)
                    .configs(Map.of("max.message.bytes", "2000000"))))
        .all()
        .get();

    // When the topics are made ready
    int largestDeadLetter = new TopicProvisioner(admin, config).ensureTopics();

    // Then the dead-letter topic takes such a record with its error headers
    int expected = 2_000_000 + TopicProvisioner.DEAD_LETTER_HEADROOM;
    assertEquals(expected, largestDeadLetter);
    ConfigResource deadLetters =
        new ConfigResource(ConfigResource.Type.TOPIC, topics.deadLetters());
    assertEquals(
        Integer.toString(expected),
        admin
            .describeConfigs(List.of(deadLetters))
            .all()
            .get()
            .get(deadLetters)
            .get("max.message.bytes")
            .value());
    // and the scheduler's producer may send it
    assertEquals(
        expected, config.streamsProperties(largestDeadLetter).get("producer.max.request.size"));
  }

  @Test
  void shouldRefuseTopicsThatAreNotCoPartitioned() throws Exception {
    SchedulerConfig config = config("skewed");
    admin
        .createTopics(
            List.of(
                new NewTopic("skewed.timers", 6, (short) 1)
                    .configs(Map.of("cleanup.policy", "compact")),
                new NewTopic("skewed.triggers", 3, (short) 1)))
        .all()
        .get();
    PunctualConfigException error =
        assertThrows(
            PunctualConfigException.class,
            () -> new TopicProvisioner(admin, config).ensureTopics());
    assertTrue(error.getMessage().contains("co-partitioned"), error.getMessage());
    assertTrue(error.getMessage().contains("skewed.triggers=3"), error.getMessage());
  }

  @Test
  void shouldRefuseATimersTopicThatIsNotCompacted() throws Exception {
    SchedulerConfig config = config("uncompacted");
    admin.createTopics(List.of(new NewTopic("uncompacted.timers", 6, (short) 1))).all().get();
    PunctualConfigException error =
        assertThrows(
            PunctualConfigException.class,
            () -> new TopicProvisioner(admin, config).ensureTopics());
    assertTrue(error.getMessage().contains("must be compacted"), error.getMessage());
  }

  @Test
  void shouldRefuseToCreateTopicsWhenCreationIsOff() throws Exception {
    var settings = ItSettings.of(KAFKA.kafka(), "nocreate");
    settings.put(SchedulerConfig.TOPICS_CREATE_CONFIG, "false");
    SchedulerConfig config = new SchedulerConfig(settings);
    PunctualConfigException error =
        assertThrows(
            PunctualConfigException.class,
            () -> new TopicProvisioner(admin, config).ensureTopics());
    assertTrue(error.getMessage().contains("do not exist"), error.getMessage());
  }
}

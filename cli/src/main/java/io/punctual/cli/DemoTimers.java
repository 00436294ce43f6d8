package io.punctual.cli;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** The timers dev mode creates to show each kind of schedule and target at work. */
final class DemoTimers {
  /** Path of the demo target that fails the first attempt of each invocation. */
  static final String FLAKY_PATH = "/flaky";

  /** The topic the demo's delayed message goes to (the executor creates no topic). */
  static final String DELAYED_TOPIC = "demo.delayed";

  private DemoTimers() {}

  /** Timer id → JSON definition, aimed at the demo HTTP target at {@code targetUrl}. */
  static Map<String, String> definitions(String targetUrl, Instant now) {
    Instant soon = now.plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
    Map<String, String> timers = new LinkedHashMap<>();
    timers.put(
        "demo-every-5s",
        "{\"schedule\": {\"every\": \"PT5S\"}, \"target\": {\"http\": {\"url\": \""
            + targetUrl
            + "/hook\", \"body\": \"{\\\"hello\\\": \\\"punctual\\\"}\"}}}");
    timers.put(
        "demo-cron-10s",
        "{\"schedule\": {\"cron\": \"0/10 * * * * ?\", \"timeZone\": \"Europe/Paris\"},"
            + " \"target\": {\"http\": {\"method\": \"GET\", \"url\": \""
            + targetUrl
            + "/cron\"}}}");
    timers.put(
        "demo-retry",
        "{\"schedule\": {\"every\": \"PT20S\"}, \"target\": {\"http\": {\"url\": \""
            + targetUrl
            + FLAKY_PATH
            + "\"}}, \"retry\": {\"maxAttempts\": 3, \"initialBackoff\": \"PT1S\"}}");
    timers.put(
        "demo-once",
        "{\"schedule\": {\"at\": \""
            + soon
            + "\"}, \"target\": {\"kafka\": {\"topic\": \""
            + DELAYED_TOPIC
            + "\", \"value\": \"delayed"
            + " hello\"}}}");
    return timers;
  }

  /** Creates the demo's delivery topic and produces the demo timers to {@code topic}. */
  static void create(String bootstrapServers, String topic, String targetUrl)
      throws InterruptedException, ExecutionException {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
      admin.createTopics(List.of(new NewTopic(DELAYED_TOPIC, 1, (short) 1))).all().get();
    }
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", bootstrapServers),
            new StringSerializer(),
            new StringSerializer())) {
      definitions(targetUrl, Instant.now())
          .forEach(
              (id, json) -> {
                producer.send(new ProducerRecord<>(topic, id, json));
                System.out.println("punctual dev: created timer " + id + " " + json);
              });
      producer.flush();
    }
  }
}

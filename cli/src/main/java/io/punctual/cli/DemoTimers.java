package io.punctual.cli;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** The timers dev mode creates to show each kind of schedule and target at work. */
final class DemoTimers {
  /** Path of the demo target that fails the first attempt of each invocation. */
  static final String FLAKY_PATH = "/flaky";

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
            + "\"}, \"target\": {\"kafka\": {\"topic\": \"demo.delayed\", \"value\": \"delayed"
            + " hello\"}}}");
    return timers;
  }

  /** Produces the demo timers to {@code topic}. */
  static void create(String bootstrapServers, String topic, String targetUrl) {
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

package io.punctual.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.CronSchedule;
import io.punctual.HttpTarget;
import io.punctual.StatusEvent;
import io.punctual.StatusType;
import io.punctual.TimerDefinition;
import io.punctual.connect.ksql.KsqlTimers;
import io.punctual.devkit.MiniSchemaRegistry;
import io.punctual.scheduler.TimerQueries;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * What ksqlDB relies on, against the real scheduler and executor writing Avro: a timer written the
 * way ksqlDB writes JSON ({@code connectors/ksql/create-timer.sql}) is admitted; the status events'
 * schema is under the subject ksqlDB looks up, keyed by the timer id as plain text.
 */
class KsqlTimerIT {
  @Test
  void shouldAdmitTimersWrittenTheWayKsqlDbWritesThemAndRegisterTheStatusSubject()
      throws Exception {
    try (MiniSchemaRegistry registry = MiniSchemaRegistry.start(0);
        PunctualOnKafka punctual =
            new PunctualOnKafka(
                Map.of(
                    "punctual.output.format",
                    "avro",
                    "punctual.schema.registry.url",
                    registry.url()),
                Map.of(
                    "punctual.executor.output-format",
                    "avro",
                    "punctual.executor.schema-registry-url",
                    registry.url()),
                registry.url());
        KafkaProducer<String, String> producer =
            new KafkaProducer<>(
                Map.of("bootstrap.servers", punctual.kafka.bootstrapServers()),
                new StringSerializer(),
                new StringSerializer())) {
      // Given a scheduler writing Avro: the status schema is under the subject ksqlDB looks up
      // as soon as it has started, before any event (a CREATE STREAM without columns needs it)
      HttpResponse<String> subjects =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(registry.url() + "/subjects")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertTrue(subjects.body().contains("\"punctual.status-value\""), subjects.body());
      assertEquals(List.of(), punctual.status.records);

      // And the records of create-timer.sql's INSERTs, every declared column present
      List<KsqlTimers.Insert> inserts = KsqlTimers.inserts();
      for (KsqlTimers.Insert insert : inserts) {
        System.out.println("as ksqlDB writes it: " + insert.key() + " " + insert.value());
        producer.send(new ProducerRecord<>("punctual.timers", insert.key(), insert.value()));
      }
      // And a timer that fires at once, and a rejected record, for status events in Avro
      producer.send(
          new ProducerRecord<>(
              "punctual.timers",
              "now",
              "{\"schedule\": {\"after\": \"PT0S\"}, \"target\": {\"http\": {\"url\": \""
                  + punctual.target.url("/now")
                  + "\"}}}"));
      producer.send(new ProducerRecord<>("punctual.timers", "bad", "{\"schedule\": 1}"));
      producer.flush();

      // Then the scheduler admits both as written
      TimerQueries queries = punctual.queries;
      Await.until(
          () -> inserts.stream().allMatch(i -> queries.timer(i.key()).isPresent()),
          Duration.ofSeconds(60),
          "ksqlDB's timers admitted");
      TimerDefinition reminder = queries.timer("invoice-42-reminder").orElseThrow().definition();
      assertEquals("billing", reminder.getNamespace());
      CronSchedule cron = (CronSchedule) reminder.getSchedule();
      assertEquals("0 9 * * MON-FRI", cron.getCron());
      assertEquals("Europe/Paris", cron.getTimeZone());
      HttpTarget http = (HttpTarget) reminder.getTarget();
      assertEquals("https://billing.internal/remind", http.getUrl());
      assertEquals(Map.of("X-Invoice", "42"), http.getHeaders());
      assertEquals(Map.of("team", "billing"), reminder.getLabels());
      assertTrue(queries.timer("invoice-42-retry-payment").isPresent());

      // And the status events, in Avro, are keyed by the timer id as plain text
      Await.until(
          () ->
              punctual.status.records.stream()
                      .anyMatch(r -> r.value().getType() == StatusType.SUCCEEDED)
                  && punctual.status.records.stream()
                      .anyMatch(r -> r.value().getType() == StatusType.REJECTED),
          Duration.ofSeconds(60),
          "a SUCCEEDED and a REJECTED event");
      for (ConsumerRecord<String, StatusEvent> record : punctual.status.records) {
        assertEquals(record.value().getTimerId(), record.key());
        assertTrue(!record.key().startsWith("invoice-42"), "" + record.value());
      }
    }
  }
}

package io.punctual.api;

import static io.punctual.api.ApiInstance.ADMIN_TOKEN;
import static io.punctual.api.ApiInstance.BILLING_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.testkit.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * While a second instance joins and leaves (two rebalances), the first keeps answering about its
 * timers: each answer is the right one or a 503 to retry, never "not found", never an error, and a
 * namespace change is never taken.
 */
class RebalanceAnswersIT {
  private static final String PREFIX = "api-rebalance";
  private static final int TIMERS = 6;
  private static final int PARTITIONS = 6;
  private static final Set<Integer> ALLOWED = Set.of(200, 202, 409, 503);

  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  @Test
  void shouldAnswerRightOr503WhileInstancesJoinAndLeave() throws Exception {
    try (ApiInstance first = ApiInstance.start(KAFKA.kafka(), PREFIX)) {
      // Given timers of namespace billing on a first instance
      first.awaitRunning();
      ApiHttp api = first.http();
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < TIMERS; i++) {
        String id = "steady-" + i;
        ids.add(id);
        assertEquals(
            202,
            api.send(
                    "PUT",
                    "/timers/" + id,
                    BILLING_TOKEN,
                    Timers.cron(id, "billing", Timers.YEARLY))
                .status());
      }
      for (String id : ids) {
        Timers.awaitAnswer(api, "/timers/" + id, BILLING_TOKEN, a -> a.status() == 200);
      }

      // When a second instance joins and then leaves, while the first is asked about them
      // without pause: read, defined again, and moved to another namespace
      Map<String, Integer> answers = new ConcurrentHashMap<>();
      List<String> wrong = new ArrayList<>();
      AtomicBoolean asking = new AtomicBoolean(true);
      Thread asker =
          new Thread(
              () -> {
                for (int n = 0; asking.get(); n++) {
                  String id = ids.get(n % TIMERS);
                  check(answers, wrong, "GET", 200, api.get("/timers/" + id, BILLING_TOKEN));
                  check(
                      answers,
                      wrong,
                      "PUT",
                      202,
                      api.send(
                          "PUT",
                          "/timers/" + id,
                          BILLING_TOKEN,
                          Timers.cron(id, "billing", Timers.YEARLY)));
                  check(
                      answers,
                      wrong,
                      "MOVE",
                      409,
                      api.send(
                          "PUT",
                          "/timers/" + id,
                          ADMIN_TOKEN,
                          Timers.cron(id, "search", Timers.YEARLY)));
                }
              },
              "asker");
      asker.start();
      try (ApiInstance second = ApiInstance.start(KAFKA.kafka(), PREFIX)) {
        awaitTasks(first, second);
        Thread.sleep(1_000);
      }
      // (it leaves the group as it stops: its partitions come back at once)
      awaitAllPartitions(first);
      Thread.sleep(1_000);
      asking.set(false);
      asker.join();

      // Then every answer was the right one or a 503 with Retry-After
      assertTrue(wrong.isEmpty(), wrong.subList(0, Math.min(5, wrong.size())) + " " + answers);
      assertTrue(answers.getOrDefault("GET 200", 0) > 0, answers.toString());
      System.out.println("answers during the rebalances: " + new TreeMap<>(answers));
      // And the timers are all still in billing
      for (String id : ids) {
        ApiHttp.Answer timer =
            Timers.awaitAnswer(api, "/timers/" + id, BILLING_TOKEN, a -> a.status() == 200);
        assertEquals("billing", timer.json().path("definition").path("namespace").asText());
      }
    }
  }

  private static void check(
      Map<String, Integer> answers,
      List<String> wrong,
      String what,
      int right,
      ApiHttp.Answer answer) {
    int status = answer.status();
    answers.merge(what + " " + status, 1, Integer::sum);
    boolean ok =
        status == right
            || (status == 503 && answer.headers().firstValue("Retry-After").isPresent());
    if (!ok || !ALLOWED.contains(status)) {
      synchronized (wrong) {
        wrong.add(what + " " + status + " " + answer.body());
      }
    }
  }

  private static void awaitTasks(ApiInstance... instances) {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!java.util.Arrays.stream(instances).allMatch(i -> hasTasks(i.scheduler.streams()))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the instances did not share the partitions");
      }
      Timers.sleep();
    }
  }

  private static void awaitAllPartitions(ApiInstance instance) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (activeTasks(instance.scheduler.streams()) < PARTITIONS
        || instance.scheduler.streams().state() != KafkaStreams.State.RUNNING) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the remaining instance has "
                + activeTasks(instance.scheduler.streams())
                + " of the partitions 20 s after the other left");
      }
      Timers.sleep();
    }
  }

  private static long activeTasks(KafkaStreams streams) {
    return streams.metadataForLocalThreads().stream()
        .mapToLong(thread -> thread.activeTasks().size())
        .sum();
  }

  private static boolean hasTasks(KafkaStreams streams) {
    return streams.state() == KafkaStreams.State.RUNNING
        && streams.metadataForLocalThreads().stream().anyMatch(t -> !t.activeTasks().isEmpty());
  }
}

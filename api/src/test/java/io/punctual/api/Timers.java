package io.punctual.api;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.function.Predicate;

/** Timer definitions and waits shared by the tests. */
final class Timers {
  /** Fires on January 1st only: nothing fires by itself while a test runs. */
  static final String YEARLY = "0 0 1 1 *";

  private Timers() {}

  static String cron(String id, String namespace, String cron) {
    return """
        {"id": "%s", "namespace": "%s", "schedule": {"cron": "%s"},
         "target": {"http": {"url": "http://target.test/sink", "body": "x"}},
         "labels": {"team": "%s"}}"""
        .formatted(id, namespace, cron, namespace);
  }

  static ApiHttp.Answer awaitAnswer(
      ApiHttp http, String path, String token, Predicate<ApiHttp.Answer> done) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    ApiHttp.Answer answer = http.get(path, token);
    while (!done.test(answer)) {
      if (System.nanoTime() > deadline) {
        fail("GET " + path + " still answers " + answer);
      }
      sleep();
      answer = http.get(path, token);
    }
    return answer;
  }

  static void sleep() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}

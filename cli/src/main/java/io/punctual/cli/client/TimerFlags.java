package io.punctual.cli.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * A timer definition given as flags: one schedule ({@code --cron}, {@code --at}, {@code --after},
 * {@code --every}), one target ({@code --url} or {@code --kafka-topic}) and optional fields. The
 * API validates the result; the flags only assemble it.
 */
final class TimerFlags {
  @Option(names = "--cron", paramLabel = "EXPR", description = "Cron expression; quote it.")
  String cron;

  @Option(names = "--tz", paramLabel = "ZONE", description = "Time zone of --cron (default UTC).")
  String timeZone;

  @Option(names = "--dialect", paramLabel = "DIALECT", description = "UNIX, QUARTZ or SPRING.")
  String dialect;

  @Option(names = "--at", paramLabel = "INSTANT", description = "Fire once at this instant.")
  String at;

  @Option(names = "--after", paramLabel = "DURATION", description = "Fire once after, e.g. PT15M.")
  String after;

  @Option(
      names = "--every",
      paramLabel = "DURATION",
      description = "Fire every period, e.g. PT30S.")
  String every;

  @Option(
      names = "--fixed-delay",
      description = "With --every: wait the period after each outcome.")
  boolean fixedDelay;

  @Option(names = "--url", paramLabel = "URL", description = "HTTP target.")
  String url;

  @Option(names = "--method", paramLabel = "METHOD", description = "HTTP method (default POST).")
  String method;

  @Option(names = "--header", paramLabel = "NAME=VALUE", description = "HTTP header; repeatable.")
  Map<String, String> headers = new LinkedHashMap<>();

  @Option(names = "--body", paramLabel = "TEXT", description = "HTTP body.")
  String body;

  @Option(
      names = "--kafka-topic",
      paramLabel = "TOPIC",
      description = "Kafka target: a delayed record.")
  String kafkaTopic;

  @Option(names = "--kafka-key", paramLabel = "KEY", description = "Key of the delayed record.")
  String kafkaKey;

  @Option(
      names = "--kafka-value",
      paramLabel = "TEXT",
      description = "Value of the delayed record.")
  String kafkaValue;

  @Option(names = "--namespace", paramLabel = "NS", description = "Namespace (default: default).")
  String namespace;

  @Option(names = "--label", paramLabel = "KEY=VALUE", description = "Label; repeatable.")
  Map<String, String> labels = new LinkedHashMap<>();

  @Option(names = "--start-at", paramLabel = "INSTANT", description = "No firing before.")
  String startAt;

  @Option(names = "--end-at", paramLabel = "INSTANT", description = "No firing after.")
  String endAt;

  @Option(names = "--max-firings", paramLabel = "N", description = "Stop after N firings.")
  Long maxFirings;

  @Option(names = "--misfire", paramLabel = "POLICY", description = "FIRE_ONCE, FIRE_ALL or SKIP.")
  String misfire;

  @Option(names = "--concurrency", paramLabel = "POLICY", description = "ALLOW, FORBID or REPLACE.")
  String concurrency;

  @Option(names = "--paused", description = "Create it paused.")
  boolean paused;

  /** Whether any flag was given. */
  boolean given() {
    return cron != null
        || at != null
        || after != null
        || every != null
        || url != null
        || kafkaTopic != null
        || namespace != null
        || !labels.isEmpty()
        || startAt != null
        || endAt != null
        || maxFirings != null
        || misfire != null
        || concurrency != null
        || paused;
  }

  /** The definition in its JSON form. */
  ObjectNode toJson() {
    ObjectNode timer = ApiClient.JSON.createObjectNode();
    putIfSet(timer, "namespace", namespace);
    ObjectNode schedule = timer.putObject("schedule");
    putIfSet(schedule, "cron", cron);
    putIfSet(schedule, "timeZone", timeZone);
    putIfSet(schedule, "dialect", dialect);
    putIfSet(schedule, "at", at);
    putIfSet(schedule, "after", after);
    putIfSet(schedule, "every", every);
    if (fixedDelay) {
      schedule.put("mode", "FIXED_DELAY");
    }
    ObjectNode target = timer.putObject("target");
    if (url != null) {
      ObjectNode http = target.putObject("http");
      http.put("url", url);
      putIfSet(http, "method", method);
      if (!headers.isEmpty()) {
        headers.forEach(http.putObject("headers")::put);
      }
      putIfSet(http, "body", body);
    }
    if (kafkaTopic != null) {
      ObjectNode kafka = target.putObject("kafka");
      kafka.put("topic", kafkaTopic);
      putIfSet(kafka, "key", kafkaKey);
      putIfSet(kafka, "value", kafkaValue);
    }
    putIfSet(timer, "startAt", startAt);
    putIfSet(timer, "endAt", endAt);
    if (maxFirings != null) {
      timer.put("maxFirings", maxFirings);
    }
    putIfSet(timer, "misfire", misfire);
    putIfSet(timer, "concurrency", concurrency);
    if (paused) {
      timer.put("paused", true);
    }
    if (!labels.isEmpty()) {
      labels.forEach(timer.putObject("labels")::put);
    }
    return timer;
  }

  private static void putIfSet(ObjectNode node, String field, String value) {
    if (value != null) {
      node.put(field, value);
    }
  }
}

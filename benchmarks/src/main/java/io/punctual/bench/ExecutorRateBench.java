package io.punctual.bench;

import io.punctual.HttpTarget;
import io.punctual.Invocation;
import io.punctual.InvocationHeaders;
import io.punctual.serde.JsonRecordSerializer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Scenario 5: HTTP calls per second of one executor against a real HTTP server on loopback. N
 * invocations due now are loaded to the triggers topic first; then the executor (its own JVM,
 * {@code bin/punctual executor}, default settings) performs them all; its outcomes are read
 * read_committed. The executor's own gauge of calls in flight is sampled during the run.
 */
@Command(
    name = "executor-rate",
    mixinStandardHelpOptions = true,
    description = "Scenario 5: HTTP calls/s of one executor to a local HTTP server.")
final class ExecutorRateBench implements Callable<Integer> {
  private static final Pattern BROKER = Pattern.compile("BROKER (\\S+)");
  private static final Pattern READY =
      Pattern.compile("Punctual executor ready: instance \\S+, HTTP port (\\d+)");
  private static final String PREFIX = "bench-executor";

  @Option(names = "--invocations", description = "Invocations (default 200000).")
  long count = 200_000;

  @Option(names = "--heap", description = "Heap of the executor JVM (default 1g).")
  String heap = "1g";

  @Option(names = "--out", description = "Results file (default benchmarks/results/latest.json).")
  Path out = Path.of("benchmarks", "results", "latest.json");

  @Option(names = "--work", description = "Working directory for logs.")
  Path work;

  @Override
  public Integer call() throws Exception {
    Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("bench");
    Figures figures = new Figures("benchmarks/run executor-rate --invocations " + count);
    try (HttpTarget200 target = new HttpTarget200();
        JavaProcess broker =
            JavaProcess.start("broker", dir, "1g", BrokerMain.class.getName(), List.of())) {
      String bootstrap = broker.await(BROKER, Duration.ofSeconds(60));
      for (String topic : List.of("triggers", "status", "dead-letters")) {
        Load.createTopic(bootstrap, PREFIX + "." + topic, 6, false);
      }
      load(bootstrap, "http://127.0.0.1:" + target.port() + "/hook");
      try (JavaProcess executor =
          JavaProcess.start(
              "executor",
              dir,
              heap,
              "io.punctual.cli.PunctualCli",
              List.of(
                  "executor",
                  "--bootstrap-servers",
                  bootstrap,
                  "--allow-loopback",
                  "--http-port",
                  "-1",
                  "--set",
                  "punctual.executor.topic-prefix=" + PREFIX))) {
        String metrics =
            "http://localhost:" + executor.await(READY, Duration.ofSeconds(60)) + "/prometheus";
        try (InFlightSampler inFlight = new InFlightSampler(metrics)) {
          TopicMeter.Measure succeeded =
              TopicMeter.read(
                  bootstrap,
                  PREFIX + ".status",
                  count,
                  Duration.ofSeconds(60),
                  record ->
                      new String(record.value(), StandardCharsets.UTF_8).contains("SUCCEEDED"));
          figures.add("executor.http.rate", succeeded.rate(), "calls/s", "≥ 10000");
          figures.add("executor.http.succeeded", succeeded.records(), "invocations", "= " + count);
          figures.add("executor.http.calls", target.calls(), "calls", "= " + count);
          figures.add("executor.http.most_in_flight", inFlight.most(), "calls", "≤ 256");
          figures.add("executor.rss", executor.rssBytes() / (1024.0 * 1024), "MiB", null);
        }
      }
    }
    figures.writeTo(out);
    return 0;
  }

  private void load(String bootstrap, String url) {
    Map<String, Object> config =
        Map.of("bootstrap.servers", bootstrap, "linger.ms", 10, "batch.size", 65_536);
    long now = Instant.now().toEpochMilli();
    try (KafkaProducer<String, Invocation> producer =
        new KafkaProducer<>(config, new StringSerializer(), new JsonRecordSerializer<>())) {
      for (long i = 0; i < count; i++) {
        String timerId = "e" + i;
        String invocationId = InvocationHeaders.invocationId(timerId, now);
        Invocation invocation =
            Invocation.newBuilder()
                .setInvocationId(invocationId)
                .setTimerId(timerId)
                .setScheduledAt(Instant.ofEpochMilli(now))
                .setEmittedAt(Instant.ofEpochMilli(now))
                .setTarget(HttpTarget.newBuilder().setUrl(url).build())
                .build();
        producer.send(
            new ProducerRecord<>(
                PREFIX + ".triggers",
                null,
                now,
                timerId,
                invocation,
                InvocationHeaders.of(timerId, invocationId, now, 1)));
      }
      producer.flush();
    }
  }
}

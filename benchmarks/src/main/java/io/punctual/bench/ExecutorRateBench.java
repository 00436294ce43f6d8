package io.punctual.bench;

import io.punctual.HttpTarget;
import io.punctual.Invocation;
import io.punctual.InvocationHeaders;
import io.punctual.serde.JsonRecordSerializer;
import io.punctual.testkit.JavaProcess;
import io.punctual.testkit.PunctualProcesses;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Scenario 5: HTTP calls per second of one executor against a real HTTP server on loopback. N
 * invocations due now are loaded to the triggers topic first; then the executor (its own JVM,
 * {@code bin/punctual executor}, default settings) performs them all; its outcomes are read
 * read_committed. The executor's own gauge of calls in flight, its heap in use and its resident set
 * size are sampled every 100 ms during the run ({@code <work>/executor-memory.csv}); {@code
 * --profile} records a Java Flight Recording of the executor ({@code <work>/executor.jfr}).
 */
@Command(
    name = "executor-rate",
    mixinStandardHelpOptions = true,
    description = "Scenario 5: HTTP calls/s of one executor to a local HTTP server.")
final class ExecutorRateBench implements Callable<Integer> {
  private static final String PREFIX = "bench-executor";

  @Mixin RunOptions options;

  @Option(names = "--invocations", description = "Invocations (default 200000).")
  long count = 200_000;

  @Option(
      names = "--profile",
      description = "Record a Java Flight Recording of the executor (<work>/executor.jfr).")
  boolean profile;

  @Override
  public Integer call() throws Exception {
    Path dir = options.workDirectory();
    Figures figures = new Figures("benchmarks/run executor-rate --invocations " + count);
    try (ActionRecorder target = new ActionRecorder();
        JavaProcess broker = BrokerMain.start(dir)) {
      String bootstrap = BrokerMain.bootstrapOf(broker);
      for (String topic : List.of("triggers", "status", "dead-letters")) {
        Load.createTopic(bootstrap, PREFIX + "." + topic, 6, false);
      }
      load(bootstrap, target.url());
      try (JavaProcess executor =
              PunctualProcesses.executor(
                  "executor", dir, options.heap, profile, bootstrap, PREFIX);
          ProcessSampler sampler =
              ProcessSampler.forExecutor(
                  PunctualProcesses.executorMetrics(executor),
                  executor::rssBytes,
                  dir.resolve("executor-memory.csv"))) {
        TopicMeter.Measure succeeded =
            TopicMeter.read(
                bootstrap,
                PREFIX + ".status",
                count,
                Duration.ofSeconds(60),
                record -> new String(record.value(), StandardCharsets.UTF_8).contains("SUCCEEDED"));
        ActionRecorder.Actions calls = target.await(count, Duration.ofSeconds(10));
        figures.add("executor.http.rate", succeeded.rate(), "calls/s", "≥ 10000");
        figures.add("executor.http.succeeded", succeeded.records(), "invocations", "= " + count);
        figures.add("executor.http.calls", target.received(), "calls", "= " + count);
        figures.add("executor.http.calls_repeated", calls.repeated(), "calls", "= 0");
        figures.add("executor.http.most_in_flight", sampler.inFlight().max(), "calls", "≤ 256");
        figures.add("executor.rss.start", sampler.rss().first(), "MiB", "flat");
        figures.add("executor.rss.max", sampler.rss().max(), "MiB", "flat");
        figures.add("executor.rss.end", sampler.rss().last(), "MiB", "flat");
        if (!Double.isNaN(sampler.heap().max())) {
          figures.add("executor.heap.max", sampler.heap().max(), "MiB", null);
          figures.add("executor.heap.end", sampler.heap().last(), "MiB", null);
        }
      }
    }
    figures.writeTo(options.out);
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

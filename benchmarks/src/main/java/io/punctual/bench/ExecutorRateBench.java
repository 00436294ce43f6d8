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
import java.util.concurrent.ExecutionException;
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
 *
 * <p>With {@code --rate}, the triggers come as a scheduler with lookahead sends them instead: every
 * 100 ms a transaction holds those due in a 100 ms slice {@value #LOOKAHEAD_MS} ms ahead, for
 * {@code --seconds}. Measured after the first {@code --warm-up} seconds: the executor's CPU in
 * cores (user and system, and per kind of thread from its thread dumps), the action lateness of the
 * calls due meanwhile (and of the whole run, whose first calls meet a cold JVM), and the
 * connections the target accepted.
 */
@Command(
    name = "executor-rate",
    mixinStandardHelpOptions = true,
    description = "Scenario 5: HTTP calls/s of one executor to a local HTTP server.")
final class ExecutorRateBench implements Callable<Integer> {
  private static final String PREFIX = "bench-executor";
  private static final long LOOKAHEAD_MS = 1_000;
  private static final long SLICE_MS = 100;

  @Mixin RunOptions options;

  @Option(names = "--invocations", description = "Invocations (default 200000).")
  long count = 200_000;

  @Option(
      names = "--profile",
      description = "Record a Java Flight Recording of the executor (<work>/executor.jfr).")
  boolean profile;

  @Option(
      names = "--rate",
      description =
          "Triggers per second, due 1 s after they are sent, as a scheduler with lookahead sends"
              + " them (instead of a backlog of --invocations).")
  Integer rate;

  @Option(names = "--seconds", description = "With --rate: seconds of triggers (default 120).")
  int seconds = 120;

  @Option(
      names = "--warm-up",
      description =
          "With --rate: seconds left out of the CPU measure (default 60: the JIT compiler still"
              + " takes a tenth of a core after two minutes at 1,000/s).")
  int warmUp = 60;

  @Override
  public Integer call() throws Exception {
    if (rate != null) {
      return paced();
    }
    Path dir = options.workDirectory();
    Figures figures = new Figures("benchmarks/run executor-rate --invocations " + count);
    try (ActionRecorder target = new ActionRecorder();
        JavaProcess broker = BrokerMain.start(dir)) {
      String bootstrap = BrokerMain.bootstrapOf(broker);
      createTopics(bootstrap);
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

  /** The executor at a steady rate of triggers: its CPU, per kind of thread, and lateness. */
  private int paced() throws Exception {
    if (warmUp >= seconds) {
      throw new IllegalArgumentException("--warm-up must be shorter than --seconds");
    }
    Path dir = options.workDirectory();
    Figures figures =
        new Figures(
            "benchmarks/run executor-rate --rate "
                + rate
                + " --seconds "
                + seconds
                + " --warm-up "
                + warmUp);
    String key = "executor.paced." + rate;
    try (ActionRecorder target = new ActionRecorder();
        JavaProcess broker = BrokerMain.start(dir)) {
      String bootstrap = BrokerMain.bootstrapOf(broker);
      createTopics(bootstrap);
      try (JavaProcess executor =
          PunctualProcesses.executor("executor", dir, options.heap, profile, bootstrap, PREFIX)) {
        long total = (long) rate * seconds;
        Thread sender = new Thread(() -> send(bootstrap, target.url(), total), "bench-sender");
        sender.start();
        Thread.sleep(LOOKAHEAD_MS + warmUp * 1000L);
        long measuredFromMs = Instant.now().toEpochMilli();
        ThreadCpu.Reading start = ThreadCpu.of(executor);
        long startNanos = System.nanoTime();
        Thread.sleep((seconds - warmUp) * 1000L);
        ThreadCpu.Reading end = ThreadCpu.of(executor);
        double measured = (System.nanoTime() - startNanos) / 1e9;
        sender.join();
        ActionRecorder.Actions calls = target.await(total, Duration.ofSeconds(10));
        double user = (end.user() - start.user()) / measured;
        double system = (end.system() - start.system()) / measured;
        System.out.printf(
            "executor CPU at %,d triggers/s over %.0f s:%n%s",
            rate, measured, ThreadCpu.between(start, end, measured));
        figures.add(key + ".cpu", user + system, "cores", rate == 1000 ? "≤ 0.2" : null);
        figures.add(key + ".cpu.user", user, "cores", null);
        figures.add(key + ".cpu.system", system, "cores", null);
        figures.add(key + ".calls", calls.calls(), "calls", "= " + total);
        figures.add(key + ".calls_repeated", calls.repeated(), "calls", "= 0");
        figures.add(key + ".early", calls.early(), "calls", "= 0");
        ActionRecorder.Actions measuredCalls = target.from(measuredFromMs);
        figures.add(key + ".action_lateness.p50", measuredCalls.lateness(0.5), "ms", null);
        figures.add(key + ".action_lateness.p99", measuredCalls.lateness(0.99), "ms", null);
        figures.add(key + ".action_lateness.p99.whole_run", calls.lateness(0.99), "ms", null);
        figures.add(key + ".connections", target.connections(), "connections", null);
      }
    }
    figures.writeTo(options.out);
    return 0;
  }

  /** The executor's topics, {@code --partitions} each (default 6). */
  private void createTopics(String bootstrap) throws ExecutionException, InterruptedException {
    for (String topic : List.of("triggers", "status", "dead-letters")) {
      Load.createTopic(bootstrap, PREFIX + "." + topic, options.partitions, false);
    }
  }

  /**
   * Sends {@code total} triggers at {@link #rate}/s: every {@value #SLICE_MS} ms one transaction
   * with those due in a slice {@value #LOOKAHEAD_MS} ms ahead, spread evenly over it.
   */
  private void send(String bootstrap, String url, long total) {
    Map<String, Object> config =
        Map.of(
            "bootstrap.servers",
            bootstrap,
            "transactional.id",
            "bench-executor-sender",
            "linger.ms",
            5);
    double perMs = rate / 1000.0;
    long begin = Instant.now().toEpochMilli();
    try (KafkaProducer<String, Invocation> producer =
        new KafkaProducer<>(config, new StringSerializer(), new JsonRecordSerializer<>())) {
      producer.initTransactions();
      long sent = 0;
      for (long slice = 0; sent < total; slice++) {
        long sliceStart = begin + slice * SLICE_MS;
        long wait = sliceStart - Instant.now().toEpochMilli();
        if (wait > 0) {
          Thread.sleep(wait);
        }
        long until = Math.min(total, (long) ((slice + 1) * SLICE_MS * perMs));
        producer.beginTransaction();
        for (; sent < until; sent++) {
          long due = begin + LOOKAHEAD_MS + (long) (sent / perMs);
          producer.send(trigger("p" + sent, due, sliceStart, url));
        }
        producer.commitTransaction();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void load(String bootstrap, String url) {
    Map<String, Object> config =
        Map.of("bootstrap.servers", bootstrap, "linger.ms", 10, "batch.size", 65_536);
    long now = Instant.now().toEpochMilli();
    try (KafkaProducer<String, Invocation> producer =
        new KafkaProducer<>(config, new StringSerializer(), new JsonRecordSerializer<>())) {
      for (long i = 0; i < count; i++) {
        producer.send(trigger("e" + i, now, now, url));
      }
      producer.flush();
    }
  }

  /**
   * A trigger of an HTTP call to {@code url}, due at {@code dueMs}, emitted at {@code emittedMs}.
   */
  private static ProducerRecord<String, Invocation> trigger(
      String timerId, long dueMs, long emittedMs, String url) {
    String invocationId = InvocationHeaders.invocationId(timerId, dueMs);
    Invocation invocation =
        Invocation.newBuilder()
            .setInvocationId(invocationId)
            .setTimerId(timerId)
            .setScheduledAt(Instant.ofEpochMilli(dueMs))
            .setEmittedAt(Instant.ofEpochMilli(emittedMs))
            .setTarget(HttpTarget.newBuilder().setUrl(url).build())
            .build();
    return new ProducerRecord<>(
        PREFIX + ".triggers",
        null,
        emittedMs,
        timerId,
        invocation,
        InvocationHeaders.of(timerId, invocationId, dueMs, 1));
  }
}

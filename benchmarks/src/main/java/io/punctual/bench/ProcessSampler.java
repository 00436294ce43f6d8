package io.punctual.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Samples a scheduler or executor JVM at a fixed interval while it runs: the executor's {@code
 * punctual_executor_in_flight} gauge and the heap in use (both from its Prometheus endpoint) and
 * its resident set size (from the operating system). Keeps the most in flight and the first,
 * highest and last memory readings, and writes every sample to a CSV file ({@code
 * seconds,in_flight,rss_mib,heap_mib}).
 *
 * <p>Each sample is a Prometheus scrape, which is not free: with Kafka Streams' hundreds of client
 * metrics, scraping a scheduler every 100 ms took as much CPU as its stream thread. Schedulers are
 * therefore sampled every second ({@link #forScheduler}); the executor, whose in-flight count is
 * the figure, every 100 ms ({@link #forExecutor}).
 */
final class ProcessSampler implements AutoCloseable {
  private static final String IN_FLIGHT = "punctual_executor_in_flight";
  private static final String HEAP = "jvm_memory_used_bytes{area=\"heap\"";
  private static final double MIB = 1024.0 * 1024;

  /** First, highest and last of a series. */
  static final class Series {
    private double first = Double.NaN;
    private double max = Double.NaN;
    private double last = Double.NaN;

    private synchronized void add(double value) {
      if (Double.isNaN(first)) {
        first = value;
      }
      max = Double.isNaN(max) ? value : Math.max(max, value);
      last = value;
    }

    synchronized double first() {
      return first;
    }

    synchronized double max() {
      return max;
    }

    synchronized double last() {
      return last;
    }
  }

  private final Series inFlight = new Series();
  private final Series rss = new Series();
  private final Series heap = new Series();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final HttpClient http = HttpClient.newHttpClient();
  private final HttpRequest request;
  private final LongSupplier rssBytes;
  private final PrintWriter csv;
  private final Thread thread;
  private final long intervalMs;

  /** The sum of the samples of {@code metric} (a name, or a name and labels) at {@code url}. */
  static double scrape(String url, String metric) throws IOException, InterruptedException {
    double sum = 0;
    HttpRequest get = HttpRequest.newBuilder(URI.create(url)).build();
    HttpClient client = HttpClient.newHttpClient();
    for (String line :
        client.send(get, HttpResponse.BodyHandlers.ofString()).body().lines().toList()) {
      if (line.startsWith(metric)) {
        sum += value(line);
      }
    }
    return sum;
  }

  /** Samples a scheduler every second. */
  static ProcessSampler forScheduler(String prometheusUrl, LongSupplier rssBytes, Path csvFile) {
    return new ProcessSampler(prometheusUrl, rssBytes, csvFile, 1_000);
  }

  /** Samples an executor every 100 ms. */
  static ProcessSampler forExecutor(String prometheusUrl, LongSupplier rssBytes, Path csvFile) {
    return new ProcessSampler(prometheusUrl, rssBytes, csvFile, 100);
  }

  private ProcessSampler(
      String prometheusUrl, LongSupplier rssBytes, Path csvFile, long intervalMs) {
    this.intervalMs = intervalMs;
    this.request = HttpRequest.newBuilder(URI.create(prometheusUrl)).build();
    this.rssBytes = rssBytes;
    try {
      this.csv = new PrintWriter(Files.newBufferedWriter(csvFile));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    csv.println("seconds,in_flight,rss_mib,heap_mib");
    thread = new Thread(this::run, "process-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    long start = System.nanoTime();
    while (!stop.get()) {
      try {
        sample((System.nanoTime() - start) / 1e9);
        Thread.sleep(intervalMs);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void sample(double seconds) throws InterruptedException {
    double flying = Double.NaN;
    double heapUsed = Double.NaN;
    try {
      double heapSum = 0;
      boolean heapSeen = false;
      for (String line :
          http.send(request, HttpResponse.BodyHandlers.ofString()).body().lines().toList()) {
        if (line.startsWith(IN_FLIGHT)) {
          flying = value(line);
        } else if (line.startsWith(HEAP)) {
          heapSum += value(line);
          heapSeen = true;
        }
      }
      heapUsed = heapSeen ? heapSum / MIB : Double.NaN;
    } catch (IOException e) {
      // the executor may not answer yet, or no longer: the RSS is still worth a sample
    }
    double resident = rssBytes.getAsLong() / MIB;
    if (resident <= 0) {
      return;
    }
    if (!Double.isNaN(flying)) {
      inFlight.add(flying);
    }
    if (!Double.isNaN(heapUsed)) {
      heap.add(heapUsed);
    }
    rss.add(resident);
    csv.printf("%.1f,%.0f,%.1f,%.1f%n", seconds, flying, resident, heapUsed);
  }

  private static double value(String line) {
    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
  }

  /** The executor's {@code punctual_executor_in_flight} gauge (empty for a scheduler). */
  Series inFlight() {
    return inFlight;
  }

  /** Resident set size, MiB. */
  Series rss() {
    return rss;
  }

  /** Heap in use (all heap pools), MiB; empty when the endpoint does not export it. */
  Series heap() {
    return heap;
  }

  @Override
  public void close() {
    stop.set(true);
    thread.interrupt();
    try {
      thread.join(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    csv.close();
  }
}

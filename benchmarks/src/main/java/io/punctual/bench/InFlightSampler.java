package io.punctual.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** Reads the executor's {@code punctual_executor_in_flight} gauge every 100 ms; keeps the most. */
final class InFlightSampler implements AutoCloseable {
  private static final String GAUGE = "punctual_executor_in_flight";

  private final AtomicLong most = new AtomicLong();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final Thread thread;

  InFlightSampler(String prometheusUrl) {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest request = HttpRequest.newBuilder(URI.create(prometheusUrl)).build();
    thread =
        new Thread(
            () -> {
              while (!stop.get()) {
                try {
                  http.send(request, HttpResponse.BodyHandlers.ofString())
                      .body()
                      .lines()
                      .filter(line -> line.startsWith(GAUGE))
                      .map(line -> line.substring(line.lastIndexOf(' ') + 1))
                      .mapToLong(value -> (long) Double.parseDouble(value))
                      .forEach(value -> most.accumulateAndGet(value, Math::max));
                  Thread.sleep(100);
                } catch (InterruptedException e) {
                  return;
                } catch (Exception e) {
                  // the executor may not answer yet: try again
                }
              }
            },
            "in-flight-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  long most() {
    return most.get();
  }

  @Override
  public void close() throws InterruptedException {
    stop.set(true);
    thread.interrupt();
    thread.join(1_000);
  }
}

package io.punctual.executor;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;
import java.util.stream.Collectors;

/**
 * A real HTTP server on loopback that records every call (arrival instant, path, Punctual headers)
 * and answers per path: a status per call number, after an optional delay.
 */
final class TestTarget implements AutoCloseable {
  /** One call as it arrived. */
  record Call(Instant arrivedAt, String path, Map<String, String> headers) {
    String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final Map<String, IntUnaryOperator> statuses = new ConcurrentHashMap<>();
  private final Map<String, Long> delays = new ConcurrentHashMap<>();
  private final Map<String, String> locations = new ConcurrentHashMap<>();
  private final Map<String, Long> bodySizes = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  private final AtomicInteger aborted = new AtomicInteger();

  TestTarget() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  /** http://127.0.0.1:port + path. */
  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** Answers calls to the path with the status for the call number (1 for the first). */
  void answer(String path, IntUnaryOperator statusByCall) {
    statuses.put(path, statusByCall);
  }

  /** Answers calls to the path with 302 and a Location. */
  void redirect(String path, String location) {
    answer(path, n -> 302);
    locations.put(path, location);
  }

  /** Answers calls to the path with a body of {@code bytes} letters {@code x}, streamed. */
  void bodySize(String path, long bytes) {
    bodySizes.put(path, bytes);
  }

  /** Answers calls to the path after a delay. */
  void delay(String path, long millis) {
    delays.put(path, millis);
  }

  List<Call> calls(String path) {
    return calls.stream().filter(c -> c.path().equals(path)).collect(Collectors.toList());
  }

  List<Call> calls() {
    return List.copyOf(calls);
  }

  /** Slow calls whose client went away before the answer was written. */
  int aborted() {
    return aborted.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    Instant arrived = Instant.now();
    String path = exchange.getRequestURI().getPath();
    Map<String, String> headers = new ConcurrentHashMap<>();
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) ->
                headers.put(name.toLowerCase(java.util.Locale.ROOT), String.join(",", values)));
    exchange.getRequestBody().readAllBytes();
    calls.add(new Call(arrived, path, headers));
    int n = counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    long delay = delays.getOrDefault(path, 0L);
    try {
      if (delay > 0) {
        Thread.sleep(delay);
      }
      int status = statuses.getOrDefault(path, c -> 200).applyAsInt(n);
      byte[] body = ("answer " + n + " to " + path).getBytes(StandardCharsets.UTF_8);
      String location = locations.get(path);
      if (location != null) {
        exchange.getResponseHeaders().add("Location", location);
      }
      Long size = bodySizes.get(path);
      exchange.sendResponseHeaders(status, size == null ? body.length : size);
      try (OutputStream out = exchange.getResponseBody()) {
        if (size == null) {
          out.write(body);
        } else {
          byte[] letters = new byte[64 * 1024];
          java.util.Arrays.fill(letters, (byte) 'x');
          for (long sent = 0; sent < size; sent += letters.length) {
            out.write(letters, 0, (int) Math.min(letters.length, size - sent));
          }
        }
      }
    } catch (IOException e) {
      aborted.incrementAndGet();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}

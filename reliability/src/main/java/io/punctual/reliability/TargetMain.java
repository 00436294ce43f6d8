package io.punctual.reliability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.punctual.Shutdown;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The fault harness's HTTP target, a process of its own: it appends one line per request to its log
 * ({@link TargetLog}: arrival time, idempotency key, attempt, timer, scheduled instant, path)
 * before it answers, so a call it answered is a call it recorded. It answers 200, except 503 to the
 * first attempt of a path under {@value #FAIL_FIRST}, which makes the executor retry. Prints {@code
 * TARGET <url>} once it serves.
 */
public final class TargetMain {
  /** Paths under this prefix fail their first attempt. */
  static final String FAIL_FIRST = "/fail-first";

  private final BufferedWriter log;

  private TargetMain(BufferedWriter log) {
    this.log = log;
  }

  public static void main(String[] args) throws IOException, InterruptedException {
    BufferedWriter log =
        Files.newBufferedWriter(
            Path.of(args[0]),
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
    TargetMain target = new TargetMain(log);
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
    ExecutorService workers = Executors.newFixedThreadPool(32);
    server.createContext("/", target::handle);
    server.setExecutor(workers);
    server.start();
    Shutdown.runUntilSignal(
        "TARGET http://127.0.0.1:" + server.getAddress().getPort(),
        () -> {
          server.stop(0);
          workers.shutdownNow();
        });
    log.close();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange;
        InputStream body = exchange.getRequestBody()) {
      body.readAllBytes();
      long arrived = System.currentTimeMillis();
      String attempt = header(exchange, "Punctual-Attempt");
      String path = exchange.getRequestURI().getPath();
      TargetLog.Call call =
          new TargetLog.Call(
              arrived,
              header(exchange, "Idempotency-Key"),
              attempt.isEmpty() ? 0 : Integer.parseInt(attempt),
              header(exchange, "Punctual-Timer-Id"),
              header(exchange, "Punctual-Scheduled-At"),
              path);
      synchronized (log) {
        log.write(call.line());
        log.newLine();
        log.flush();
      }
      int status = path.startsWith(FAIL_FIRST) && call.attempt() == 1 ? 503 : 200;
      exchange.sendResponseHeaders(status, -1);
    }
  }

  private static String header(HttpExchange exchange, String name) {
    String value = exchange.getRequestHeaders().getFirst(name);
    return value == null ? "" : value;
  }
}

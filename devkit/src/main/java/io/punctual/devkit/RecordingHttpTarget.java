package io.punctual.devkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A real HTTP server on loopback that records every request it gets (arrival instant, method, path,
 * headers, body) and answers what a responder says. The demo target of dev mode, and the target of
 * end-to-end tests.
 */
public final class RecordingHttpTarget implements AutoCloseable {
  /** One request as it arrived. */
  public record Call(
      Instant arrivedAt,
      String method,
      String path,
      Map<String, List<String>> headers,
      String body) {
    /** The first value of a header, or null; header names are case-insensitive. */
    public String header(String name) {
      for (Map.Entry<String, List<String>> header : headers.entrySet()) {
        if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
          return header.getValue().get(0);
        }
      }
      return null;
    }
  }

  /** What to answer: status code and body. */
  public record Response(int status, String body) {
    public static final Response OK = new Response(200, "ok");
  }

  private final HttpServer server;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private volatile Function<Call, Response> responder = call -> Response.OK;
  private volatile Consumer<Call> listener = call -> {};

  private RecordingHttpTarget(HttpServer server) {
    this.server = server;
  }

  /** Starts a target on a free loopback port. */
  public static RecordingHttpTarget start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      RecordingHttpTarget target = new RecordingHttpTarget(server);
      server.createContext("/", target::handle);
      server.setExecutor(Executors.newFixedThreadPool(8));
      server.start();
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the HTTP target", e);
    }
  }

  /** Sets what the target answers to each call (default: 200 "ok"). */
  public RecordingHttpTarget respond(Function<Call, Response> responder) {
    this.responder = responder;
    return this;
  }

  /** Calls {@code listener} for every call, after recording it. */
  public RecordingHttpTarget onCall(Consumer<Call> listener) {
    this.listener = listener;
    return this;
  }

  /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Every call so far, in arrival order. */
  public List<Call> calls() {
    return new ArrayList<>(calls);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange;
        InputStream in = exchange.getRequestBody()) {
      String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      Call call =
          new Call(
              Clock.systemUTC().instant(),
              exchange.getRequestMethod(),
              exchange.getRequestURI().getPath(),
              Map.copyOf(exchange.getRequestHeaders()),
              body);
      calls.add(call);
      listener.accept(call);
      Response response = responder.apply(call);
      byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}

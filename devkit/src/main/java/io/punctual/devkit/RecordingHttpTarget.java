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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A real HTTP server on loopback that records every request it gets (arrival instant, method, path,
 * headers, body) and answers what a responder says, for the whole target or per path, after an
 * optional delay per path. The demo target of dev mode, the target of end-to-end tests, and
 * (keeping no call in memory, its listener writing each to a log) the fault harness's target
 * process.
 */
public final class RecordingHttpTarget implements AutoCloseable {
  /** Connections waiting to be accepted: an executor's bursts of calls are not refused. */
  private static final int BACKLOG = 512;

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

  /**
   * What to answer: status code, body, headers, and {@code padding} letters {@code x} streamed
   * after the body (a body as large as a test needs, never held in memory).
   */
  public record Response(int status, String body, Map<String, String> headers, long padding) {
    public static final Response OK = new Response(200, "ok");

    public Response {
      headers = Map.copyOf(headers);
    }

    /** A status and a body. */
    public Response(int status, String body) {
      this(status, body, Map.of(), 0);
    }

    /** A status and a body of {@code bytes} letters {@code x}, streamed. */
    public static Response ofSize(int status, long bytes) {
      return new Response(status, "", Map.of(), bytes);
    }

    /** This response with a header added. */
    public Response withHeader(String name, String value) {
      Map<String, String> more = new HashMap<>(headers);
      more.put(name, value);
      return new Response(status, body, more, padding);
    }
  }

  private final HttpServer server;
  private final Deque<Call> calls = new ArrayDeque<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile int kept = Integer.MAX_VALUE;
  private final Map<String, Function<Call, Response>> responders = new ConcurrentHashMap<>();
  private final Map<String, Duration> delays = new ConcurrentHashMap<>();
  private volatile Function<Call, Response> responder = call -> Response.OK;
  private volatile Consumer<Call> listener = call -> {};

  private RecordingHttpTarget(HttpServer server) {
    this.server = server;
  }

  /** Starts a target on a free loopback port. */
  public static RecordingHttpTarget start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), BACKLOG);
      RecordingHttpTarget target = new RecordingHttpTarget(server);
      server.createContext("/", target::handle);
      server.setExecutor(Executors.newCachedThreadPool());
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

  /** Sets what the target answers to each call to {@code path}, instead of the target-wide one. */
  public RecordingHttpTarget respond(String path, Function<Call, Response> responder) {
    responders.put(path, responder);
    return this;
  }

  /** Answers calls to {@code path} only after {@code delay}. */
  public RecordingHttpTarget delay(String path, Duration delay) {
    delays.put(path, delay);
    return this;
  }

  /**
   * Keeps only the {@code count} most recent calls for {@link #calls()} (default: every call); 0
   * keeps none, for a long-running target whose listener records each call elsewhere.
   */
  public RecordingHttpTarget keepAtMost(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("a target keeps 0 calls or more, not " + count);
    }
    synchronized (calls) {
      kept = count;
      trim();
    }
    return this;
  }

  /** Calls {@code listener} for every call, after recording it and before answering it. */
  public RecordingHttpTarget onCall(Consumer<Call> listener) {
    this.listener = listener;
    return this;
  }

  /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The URL of a path, e.g. {@code http://127.0.0.1:41234/hook}. */
  public String url(String path) {
    return url() + path;
  }

  /** The port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Every call so far (the most recent ones, see {@link #keepAtMost}), in arrival order. */
  public List<Call> calls() {
    synchronized (calls) {
      return new ArrayList<>(calls);
    }
  }

  /** The calls to a path so far, in arrival order. */
  public List<Call> calls(String path) {
    List<Call> matching = new ArrayList<>();
    for (Call call : calls()) {
      if (call.path().equals(path)) {
        matching.add(call);
      }
    }
    return matching;
  }

  private void record(Call call) {
    synchronized (calls) {
      calls.addLast(call);
      trim();
    }
  }

  private void trim() {
    while (calls.size() > kept) {
      calls.removeFirst();
    }
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
      record(call);
      listener.accept(call);
      Duration delay = delays.get(call.path());
      if (delay != null && !sleep(delay)) {
        return;
      }
      Response response = responders.getOrDefault(call.path(), responder).apply(call);
      byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
      long length = bytes.length + response.padding();
      response.headers().forEach(exchange.getResponseHeaders()::add);
      exchange.sendResponseHeaders(response.status(), length == 0 ? -1 : length);
      if (length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
          pad(out, response.padding());
        }
      }
    }
  }

  /** Whether it slept all of {@code delay}: false when the target was closed meanwhile. */
  private static boolean sleep(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void pad(OutputStream out, long bytes) throws IOException {
    byte[] letters = new byte[(int) Math.min(bytes, 64 * 1024)];
    Arrays.fill(letters, (byte) 'x');
    for (long sent = 0; sent < bytes; sent += letters.length) {
      out.write(letters, 0, (int) Math.min(letters.length, bytes - sent));
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      server.stop(0);
      ((ExecutorService) server.getExecutor()).shutdownNow();
    }
  }
}

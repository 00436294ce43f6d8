package io.punctual.executor.internal.action;

import io.micronaut.buffer.netty.NettyByteBufferFactory;
import io.micronaut.http.ByteBodyHttpResponse;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.body.ByteBodyFactory;
import io.micronaut.http.body.CloseableByteBody;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.RawHttpClient;
import io.micronaut.http.client.exceptions.ReadTimeoutException;
import io.punctual.HttpTarget;
import io.punctual.InvalidTimerException;
import io.punctual.Invocation;
import io.punctual.contract.DurationRule;
import io.punctual.contract.SuccessCodes;
import io.punctual.executor.ExecutorConfig;
import io.punctual.executor.ExecutorException;
import io.punctual.executor.internal.ExecutorThreads;
import io.punctual.executor.internal.guard.TargetGuard;
import io.punctual.executor.internal.guard.TargetRefusedException;
import jakarta.inject.Singleton;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * An HTTP call on the non-blocking Micronaut client. The URL is checked by the {@link TargetGuard}
 * first (and again by the client's guarded name resolution). Every call carries {@code
 * Idempotency-Key} (the invocation id), {@code Punctual-Timer-Id}, {@code Punctual-Scheduled-At}
 * (epoch millis), {@code Punctual-Attempt} and a W3C {@code traceparent}; header values that are
 * {@code ${secret:NAME}} are resolved here ({@link SecretResolver}). Redirects are not followed: a
 * 3xx is an outcome like any status.
 *
 * <p>Outcome: a status in the target's successCodes is SUCCEEDED; another status is FAILED, retried
 * unless it is a client error (4xx other than 408, 425 and 429), which another attempt would not
 * cure; no response within the target's timeout is TIMED_OUT (the call is aborted); a connection
 * failure is FAILED and retried; a refused or malformed target is FAILED and never retried.
 *
 * <p>The response body is streamed, never gathered: its first {@code response-excerpt-bytes} are
 * kept for the status event, the rest is read and dropped so that the connection can serve the next
 * call, up to {@value #MOST_BYTES_DRAINED} bytes; a longer body ends the attempt there (the outcome
 * is its status) and the connection is closed. A call therefore holds at most the excerpt in
 * memory, whatever the target answers.
 */
@Singleton
final class HttpAction {
  /** Most bytes of a response body read before the connection is given up instead of reused. */
  static final long MOST_BYTES_DRAINED = 1 << 20;

  private static final ByteBodyFactory BODIES =
      ByteBodyFactory.createDefault(NettyByteBufferFactory.DEFAULT);

  private final RawHttpClient client;
  private final TargetGuard guard;
  private final ExecutorThreads threads;
  private final SecretResolver secrets;
  private final int excerptBytes;

  HttpAction(
      HttpClient client,
      TargetGuard guard,
      ExecutorThreads threads,
      SecretResolver secrets,
      ExecutorConfig config) {
    if (!(client instanceof RawHttpClient raw)) {
      throw new IllegalStateException(
          "the HTTP client " + client.getClass().getName() + " cannot stream response bodies");
    }
    this.client = raw;
    this.guard = guard;
    this.threads = threads;
    this.secrets = secrets;
    this.excerptBytes = config.getResponseExcerptBytes();
  }

  ActionCall start(Invocation invocation, HttpTarget target, int attempt) {
    URI url;
    SuccessCodes codes;
    Duration timeout;
    Map<String, String> headers;
    try {
      headers = secrets.resolve("target.http.headers", target.getHeaders());
      url = URI.create(target.getUrl());
      codes = SuccessCodes.parse(target.getSuccessCodes());
      timeout = DurationRule.TIMEOUT.parse(target.getTimeout());
      guard.checkUrl(url);
    } catch (TargetRefusedException e) {
      return ActionCall.finished(AttemptResult.refused(e.getMessage()));
    } catch (IllegalArgumentException | InvalidTimerException | ExecutorException e) {
      return ActionCall.finished(AttemptResult.refused("invalid HTTP target: " + e.getMessage()));
    } catch (UnknownHostException e) {
      return ActionCall.finished(
          AttemptResult.failed("unknown host: " + e.getMessage(), null, null));
    }
    Call call = new Call(codes, timeout);
    String body = target.getBody();
    call.begin(
        request(invocation, target, headers, url, attempt),
        body == null ? null : BODIES.adapt(body.getBytes(StandardCharsets.UTF_8)));
    return call;
  }

  private static MutableHttpRequest<Object> request(
      Invocation invocation, HttpTarget target, Map<String, String> headers, URI url, int attempt) {
    String method = target.getMethod().toUpperCase(Locale.ROOT);
    HttpMethod parsed = HttpMethod.parse(method);
    MutableHttpRequest<Object> request =
        parsed == HttpMethod.CUSTOM
            ? HttpRequest.create(parsed, url.toString(), method)
            : HttpRequest.create(parsed, url.toString());
    boolean hasContentType = false;
    for (Map.Entry<String, String> header : headers.entrySet()) {
      request.header(header.getKey(), header.getValue());
      hasContentType |= header.getKey().equalsIgnoreCase("Content-Type");
    }
    request.header("Idempotency-Key", invocation.getInvocationId());
    request.header("Punctual-Timer-Id", invocation.getTimerId());
    request.header(
        "Punctual-Scheduled-At", Long.toString(invocation.getScheduledAt().toEpochMilli()));
    request.header("Punctual-Attempt", Integer.toString(attempt));
    request.header("traceparent", TraceParent.forAttempt(invocation.getInvocationId()));
    String body = target.getBody();
    if (body != null && !hasContentType) {
      String trimmed = body.stripLeading();
      request.header(
          "Content-Type",
          trimmed.startsWith("{") || trimmed.startsWith("[")
              ? "application/json"
              : "text/plain; charset=utf-8");
    }
    return request;
  }

  /**
   * One call in flight: subscribes to the response, then to its body, with timeout and abort. Every
   * path ends in {@link #finish}, which completes the result once and releases the response.
   */
  private final class Call implements ActionCall, Subscriber<HttpResponse<?>> {
    private final CompletableFuture<AttemptResult> result = new CompletableFuture<>();
    private final SuccessCodes codes;
    private final Duration timeout;
    private volatile Subscription subscription;
    private volatile ScheduledFuture<?> timer;
    private volatile ByteBodyHttpResponse<?> response;

    Call(SuccessCodes codes, Duration timeout) {
      this.codes = codes;
      this.timeout = timeout;
    }

    void begin(MutableHttpRequest<Object> request, CloseableByteBody body) {
      timer =
          threads
              .timer()
              .schedule(
                  () -> finish(AttemptResult.timedOut("no response within " + timeout)),
                  timeout.toNanos(),
                  TimeUnit.NANOSECONDS);
      client.exchange(request, body, null).subscribe(this);
    }

    @Override
    public CompletableFuture<AttemptResult> result() {
      return result;
    }

    @Override
    public void cancel() {
      finish(AttemptResult.cancelled());
    }

    /** Completes the result if it was not yet, stops the exchange and closes the response. */
    private void finish(AttemptResult outcome) {
      if (!result.complete(outcome)) {
        return;
      }
      ScheduledFuture<?> t = timer;
      if (t != null) {
        t.cancel(false);
      }
      Subscription s = subscription;
      if (s != null) {
        s.cancel();
      }
      release();
    }

    private void release() {
      ByteBodyHttpResponse<?> r = response;
      if (r != null) {
        r.close();
      }
    }

    @Override
    public void onSubscribe(Subscription s) {
      subscription = s;
      if (result.isDone()) {
        s.cancel();
      } else {
        s.request(1);
      }
    }

    @Override
    public void onNext(HttpResponse<?> answer) {
      if (!(answer instanceof ByteBodyHttpResponse<?> streamed)) {
        finish(classify(answer.code(), null));
        return;
      }
      response = streamed;
      if (result.isDone()) {
        release();
        return;
      }
      streamed.byteBody().toByteArrayPublisher().subscribe(new BodyReader(answer.code()));
    }

    @Override
    public void onError(Throwable error) {
      finish(failure(error));
    }

    @Override
    public void onComplete() {
      if (response == null) {
        finish(AttemptResult.failed("the connection closed without a response", null, null));
      }
    }

    private AttemptResult classify(int status, byte[] body) {
      String excerpt = ResponseExcerpt.of(body, excerptBytes);
      if (codes.matches(status)) {
        return AttemptResult.succeeded(status, excerpt);
      }
      String error = "HTTP " + status + " is not in successCodes " + codes;
      boolean clientError =
          status >= 400 && status < 500 && status != 408 && status != 425 && status != 429;
      return clientError
          ? new AttemptResult(io.punctual.StatusType.FAILED, status, error, excerpt, false)
          : AttemptResult.failed(error, status, excerpt);
    }

    /**
     * Reads the body: keeps its first bytes (one more than the excerpt, to tell it was cut), drops
     * the rest, and gives up the connection past {@link #MOST_BYTES_DRAINED}. The status decides
     * the outcome whether the body ends, breaks or is cut.
     */
    private final class BodyReader implements Subscriber<byte[]> {
      private final int status;
      private final byte[] kept = new byte[excerptBytes + 1];
      private int keptLength;
      private long read;
      private Subscription body;

      BodyReader(int status) {
        this.status = status;
      }

      @Override
      public void onSubscribe(Subscription s) {
        body = s;
        if (result.isDone()) {
          s.cancel();
        } else {
          s.request(Long.MAX_VALUE);
        }
      }

      @Override
      public void onNext(byte[] chunk) {
        int room = Math.min(kept.length - keptLength, chunk.length);
        System.arraycopy(chunk, 0, kept, keptLength, room);
        keptLength += room;
        read += chunk.length;
        if (read > MOST_BYTES_DRAINED) {
          body.cancel();
          end();
        }
      }

      @Override
      public void onError(Throwable error) {
        end();
      }

      @Override
      public void onComplete() {
        end();
      }

      private void end() {
        finish(classify(status, Arrays.copyOf(kept, keptLength)));
      }
    }
  }

  private static AttemptResult failure(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof TargetRefusedException refused) {
        return AttemptResult.refused(refused.getMessage());
      }
      if (t instanceof ReadTimeoutException) {
        return AttemptResult.timedOut("read timeout: " + t.getMessage());
      }
      if (t instanceof ConnectException) {
        return AttemptResult.failed("connection refused: " + t.getMessage(), null, null);
      }
      if (t instanceof UnknownHostException) {
        return AttemptResult.failed("unknown host: " + t.getMessage(), null, null);
      }
    }
    return AttemptResult.failed("HTTP call failed: " + error, null, null);
  }
}

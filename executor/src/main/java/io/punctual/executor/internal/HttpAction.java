package io.punctual.executor.internal;

import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.client.exceptions.ReadTimeoutException;
import io.punctual.HttpTarget;
import io.punctual.InvalidTimerException;
import io.punctual.Invocation;
import io.punctual.contract.DurationRule;
import io.punctual.contract.SuccessCodes;
import io.punctual.executor.ExecutorConfig;
import io.punctual.executor.ExecutorException;
import jakarta.inject.Singleton;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
 */
@Singleton
final class HttpAction {
  private final HttpClient client;
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
    this.client = client;
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
    call.begin(request(invocation, target, headers, url, attempt));
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
    if (body != null) {
      if (!hasContentType) {
        String trimmed = body.stripLeading();
        request.header(
            "Content-Type",
            trimmed.startsWith("{") || trimmed.startsWith("[")
                ? "application/json"
                : "text/plain; charset=utf-8");
      }
      request.body(body.getBytes(StandardCharsets.UTF_8));
    }
    return request;
  }

  /** One call in flight: the subscriber of the client's response, with timeout and abort. */
  private final class Call implements ActionCall, Subscriber<HttpResponse<byte[]>> {
    private final CompletableFuture<AttemptResult> result = new CompletableFuture<>();
    private final SuccessCodes codes;
    private final Duration timeout;
    private volatile Subscription subscription;
    private volatile ScheduledFuture<?> timer;

    Call(SuccessCodes codes, Duration timeout) {
      this.codes = codes;
      this.timeout = timeout;
    }

    void begin(MutableHttpRequest<Object> request) {
      timer =
          threads
              .timer()
              .schedule(
                  () -> stop(AttemptResult.timedOut("no response within " + timeout)),
                  timeout.toNanos(),
                  TimeUnit.NANOSECONDS);
      client.exchange(request, byte[].class).subscribe(this);
    }

    @Override
    public CompletableFuture<AttemptResult> result() {
      return result;
    }

    @Override
    public void cancel() {
      stop(AttemptResult.cancelled());
    }

    private void stop(AttemptResult outcome) {
      if (finish(outcome)) {
        Subscription s = subscription;
        if (s != null) {
          s.cancel();
        }
      }
    }

    private boolean finish(AttemptResult outcome) {
      boolean first = result.complete(outcome);
      ScheduledFuture<?> t = timer;
      if (first && t != null) {
        t.cancel(false);
      }
      return first;
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
    public void onNext(HttpResponse<byte[]> response) {
      finish(classify(response));
    }

    @Override
    public void onError(Throwable error) {
      if (error instanceof HttpClientResponseException e) {
        finish(classify(e.getResponse()));
      } else {
        finish(failure(error));
      }
    }

    @Override
    public void onComplete() {
      finish(AttemptResult.failed("the connection closed without a response", null, null));
    }

    private AttemptResult classify(HttpResponse<?> response) {
      int status = response.code();
      String excerpt =
          ResponseExcerpt.of(response.getBody(byte[].class).orElse(null), excerptBytes);
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

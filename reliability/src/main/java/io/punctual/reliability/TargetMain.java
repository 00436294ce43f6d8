package io.punctual.reliability;

import io.punctual.Shutdown;
import io.punctual.devkit.RecordingHttpTarget;
import io.punctual.devkit.RecordingHttpTarget.Call;
import io.punctual.devkit.RecordingHttpTarget.Response;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The fault harness's HTTP target, a process of its own: a {@link RecordingHttpTarget} that keeps
 * no call in memory and appends one line per request to its log ({@link TargetLog}: arrival time,
 * idempotency key, attempt, timer, scheduled instant, path) before it answers, so a call it
 * answered is a call it recorded. It answers 200, except 503 to the first attempt of a path under
 * {@value #FAIL_FIRST}, which makes the executor retry. Prints {@code TARGET <url>} once it serves.
 */
public final class TargetMain {
  /** Paths under this prefix fail their first attempt. */
  static final String FAIL_FIRST = "/fail-first";

  private TargetMain() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    try (BufferedWriter log =
            Files.newBufferedWriter(
                Path.of(args[0]),
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        RecordingHttpTarget target =
            RecordingHttpTarget.start()
                .keepAtMost(0)
                .onCall(call -> append(log, logged(call)))
                .respond(TargetMain::answer)) {
      Shutdown.runUntilSignal("TARGET " + target.url(), target::close);
    }
  }

  private static TargetLog.Call logged(Call call) {
    String attempt = header(call, "Punctual-Attempt");
    return new TargetLog.Call(
        call.arrivedAt().toEpochMilli(),
        header(call, "Idempotency-Key"),
        attempt.isEmpty() ? 0 : Integer.parseInt(attempt),
        header(call, "Punctual-Timer-Id"),
        header(call, "Punctual-Scheduled-At"),
        call.path());
  }

  private static Response answer(Call call) {
    boolean failFirst =
        call.path().startsWith(FAIL_FIRST) && "1".equals(call.header("Punctual-Attempt"));
    return failFirst ? new Response(503, "") : new Response(200, "");
  }

  private static void append(BufferedWriter log, TargetLog.Call call) {
    synchronized (log) {
      try {
        log.write(call.line());
        log.newLine();
        log.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot append to the target's log", e);
      }
    }
  }

  private static String header(Call call, String name) {
    String value = call.header(name);
    return value == null ? "" : value;
  }
}

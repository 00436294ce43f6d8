package io.punctual.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The calls {@link TargetMain} recorded, one tab-separated line each. */
final class TargetLog {
  private TargetLog() {}

  /**
   * One call as it arrived.
   *
   * @param arrivedMs wall-clock epoch millis of its arrival
   * @param key its {@code Idempotency-Key} (the invocation id)
   * @param attempt its {@code Punctual-Attempt}, 0 when absent
   * @param timerId its {@code Punctual-Timer-Id}
   * @param scheduledAt its {@code Punctual-Scheduled-At}: the instant the attempt was due at
   * @param path the request path
   */
  record Call(
      long arrivedMs, String key, int attempt, String timerId, String scheduledAt, String path) {
    String line() {
      return String.join(
          "\t",
          Long.toString(arrivedMs),
          key,
          Integer.toString(attempt),
          timerId,
          scheduledAt,
          path);
    }

    static Call parse(String line) {
      String[] f = line.split("\t", -1);
      return new Call(Long.parseLong(f[0]), f[1], Integer.parseInt(f[2]), f[3], f[4], f[5]);
    }

    /** The scheduled instant in epoch millis, or {@link Long#MIN_VALUE} when it was not sent. */
    long scheduledMs() {
      return scheduledAt.isEmpty() ? Long.MIN_VALUE : Long.parseLong(scheduledAt);
    }
  }

  /** Every call in the log, in arrival order. */
  static List<Call> read(Path log) {
    try {
      List<Call> calls = new ArrayList<>();
      for (String line : Files.readAllLines(log)) {
        if (!line.isBlank()) {
          calls.add(Call.parse(line));
        }
      }
      return calls;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package io.punctual.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a JVM's garbage-collection log ({@code -Xlog:gc}) says of its heap: at each pause, the heap
 * in use before and after. The most after a collection bounds the live set; the most before is what
 * a sampler would see at its worst.
 */
final class GcLog {
  private static final Pattern PAUSE = Pattern.compile("Pause .* (\\d+)M->(\\d+)M\\((\\d+)M\\)");

  /** The most heap in use before and after any collection, MiB, and the count of full ones. */
  record Heap(long maxBeforeMiB, long maxAfterMiB, long pauses, long fullPauses) {}

  private GcLog() {}

  static Heap read(Path log) {
    long before = 0;
    long after = 0;
    long pauses = 0;
    long full = 0;
    try {
      for (String line : Files.readAllLines(log)) {
        Matcher pause = PAUSE.matcher(line);
        if (pause.find()) {
          pauses++;
          before = Math.max(before, Long.parseLong(pause.group(1)));
          after = Math.max(after, Long.parseLong(pause.group(2)));
          if (line.contains("Pause Full")) {
            full++;
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Heap(before, after, pauses, full);
  }
}

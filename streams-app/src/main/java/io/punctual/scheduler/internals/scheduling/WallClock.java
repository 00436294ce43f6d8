package io.punctual.scheduler.internals.scheduling;

import java.util.function.LongSupplier;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * The wall clock as a punctuation should read it. Kafka Streams caches the context's wall clock
 * once per loop of the stream thread, so during a long punctuation it stands still and firings
 * would be stamped, and judged due, at the loop's start. This clock moves the cached value on by
 * the monotonic time elapsed since it was first seen. It never reads ahead of the real clock: the
 * cached value was taken no later than it was first seen.
 */
public final class WallClock {
  private final ProcessorContext<?, ?> context;
  private final LongSupplier nanoTime;
  private long cachedMs = Long.MIN_VALUE;
  private long seenAtNanos;

  public WallClock(ProcessorContext<?, ?> context, LongSupplier nanoTime) {
    this.context = context;
    this.nanoTime = nanoTime;
  }

  /** Milliseconds since the epoch. */
  public long millis() {
    long cached = context.currentSystemTimeMs();
    long nanos = nanoTime.getAsLong();
    if (cached != cachedMs) {
      cachedMs = cached;
      seenAtNanos = nanos;
      return cached;
    }
    return cached + (nanos - seenAtNanos) / 1_000_000;
  }
}

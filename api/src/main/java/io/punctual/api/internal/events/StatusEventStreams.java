package io.punctual.api.internal.events;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micronaut.http.sse.Event;
import io.punctual.StatusEvent;
import io.punctual.api.ApiConfig;
import io.punctual.api.internal.SchedulerBinding;
import io.punctual.api.internal.problems.ApiProblem;
import io.punctual.serde.PunctualDeserializer;
import jakarta.inject.Singleton;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.reactivestreams.Publisher;

/**
 * The open streams of {@code GET /events}, each a Kafka consumer of the status topic of its own:
 * bounded in all ({@code events.max-streams}, past which the API answers 503) and per token ({@code
 * events.max-streams-per-caller}, past which a token's oldest stream ends), counted by the gauge
 * {@value #GAUGE}, released when their client goes.
 */
// a meter binder: created with the registry, so that its gauge is there before the first stream
@Singleton
public class StatusEventStreams implements MeterBinder {
  /** The gauge of the streams open on this instance. */
  public static final String GAUGE = "punctual.api.event.streams";

  private final SchedulerBinding binding;
  private final ApiConfig.Events config;
  private final Map<String, Streams> perCaller = new HashMap<>();
  private final AtomicInteger opened = new AtomicInteger();
  private int open;

  public StatusEventStreams(SchedulerBinding binding, ApiConfig config) {
    this.binding = binding;
    this.config = config.getEvents();
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder(GAUGE, this, StatusEventStreams::open)
        .description("Live status event streams (GET /events) open on this instance")
        .register(registry);
  }

  /**
   * A stream of the events {@code filter} shows, from now on. A caller with as many streams open as
   * allowed gets a new one in place of its oldest, which ends: a console reloaded, whose previous
   * stream the server has not yet found closed, opens at once.
   *
   * @throws ApiProblem 503 when this instance has as many streams open as allowed
   */
  public Publisher<Event<String>> open(EventFilter filter) {
    String caller = filter.caller().name();
    StatusEventPublisher replaced = null;
    StatusEventPublisher created;
    synchronized (this) {
      int allowed = config.getMaxStreamsPerCaller();
      Streams mine = perCaller.computeIfAbsent(caller, c -> new Streams());
      // a replaced stream counts until its thread has closed its consumer: a token opening
      // streams in a loop holds at most twice its allowance, and never more of the instance's
      if (open >= config.getMaxStreams() || mine.open.size() + mine.closing >= 2 * allowed) {
        if (mine.open.isEmpty() && mine.closing == 0) {
          perCaller.remove(caller);
        }
        throw ApiProblem.unavailable(
            open >= config.getMaxStreams()
                ? "this instance has "
                    + config.getMaxStreams()
                    + " event streams open, as many as punctual.api.events.max-streams allows"
                : "token "
                    + caller
                    + " has "
                    + allowed
                    + " event streams open and as many still closing: wait a moment");
      }
      if (mine.open.size() >= allowed) {
        replaced = mine.open.pollFirst();
        mine.closing++;
      }
      created =
          new StatusEventPublisher(
              binding.topics().status(),
              this::consumer,
              deserializer(),
              filter,
              config.getHeartbeat(),
              publisher -> released(caller, publisher));
      mine.open.addLast(created);
      open++;
    }
    if (replaced != null) {
      replaced.close();
    }
    return created;
  }

  private synchronized void released(String caller, StatusEventPublisher publisher) {
    Streams mine = perCaller.get(caller);
    if (mine == null) {
      return;
    }
    if (mine.open.remove(publisher)) {
      open--;
    } else if (publisher.isClosed() && mine.closing > 0) {
      mine.closing--;
      open--;
    }
    if (mine.open.isEmpty() && mine.closing == 0) {
      perCaller.remove(caller);
    }
  }

  /** A caller's streams: those open in opening order, and how many replaced ones still close. */
  private static final class Streams {
    private final Deque<StatusEventPublisher> open = new ArrayDeque<>();
    private int closing;
  }

  /** Streams open now on this instance. */
  public synchronized int open() {
    return open;
  }

  /** A consumer of its own for each stream: it reads every partition from its end. */
  private KafkaConsumer<byte[], byte[]> consumer() {
    return binding.groupLessConsumer(
        "punctual-api-events-" + binding.config().instanceId() + "-" + opened.incrementAndGet(),
        Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500));
  }

  private PunctualDeserializer<StatusEvent> deserializer() {
    PunctualDeserializer<StatusEvent> events = new PunctualDeserializer<>(StatusEvent.class);
    events.configure(binding.config().serdeProperties(), false);
    return events;
  }
}

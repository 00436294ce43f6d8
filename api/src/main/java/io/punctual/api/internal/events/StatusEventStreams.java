package io.punctual.api.internal.events;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.http.sse.Event;
import io.punctual.StatusEvent;
import io.punctual.api.ApiConfig;
import io.punctual.api.internal.SchedulerBinding;
import io.punctual.api.internal.auth.Caller;
import io.punctual.api.internal.problems.ApiProblem;
import io.punctual.serde.PunctualDeserializer;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.reactivestreams.Publisher;

/**
 * The open streams of {@code GET /events}, each a Kafka consumer of the status topic of its own:
 * bounded in all ({@code events.max-streams}) and per token ({@code
 * events.max-streams-per-caller}), counted by the gauge {@value #GAUGE}, released when their client
 * goes.
 */
@Singleton
public class StatusEventStreams {
  /** The gauge of the streams open on this instance. */
  public static final String GAUGE = "punctual.api.event.streams";

  private final SchedulerBinding binding;
  private final ApiConfig.Events config;
  private final AtomicInteger open = new AtomicInteger();
  private final Map<String, AtomicInteger> perCaller = new ConcurrentHashMap<>();
  private final AtomicInteger opened = new AtomicInteger();

  public StatusEventStreams(SchedulerBinding binding, ApiConfig config, MeterRegistry meters) {
    this.binding = binding;
    this.config = config.getEvents();
    Gauge.builder(GAUGE, open, AtomicInteger::get)
        .description("Live status event streams (GET /events) open on this instance")
        .register(meters);
  }

  /**
   * A stream of the events {@code filter} shows, from now on.
   *
   * @throws ApiProblem 503 when this instance or this caller has as many streams open as allowed
   */
  public Publisher<Event<String>> open(EventFilter filter) {
    Caller caller = filter.caller();
    AtomicInteger mine = perCaller.computeIfAbsent(caller.name(), name -> new AtomicInteger());
    if (open.incrementAndGet() > config.getMaxStreams()) {
      open.decrementAndGet();
      throw ApiProblem.unavailable(
          "this instance has "
              + config.getMaxStreams()
              + " event streams open, as many as punctual.api.events.max-streams allows");
    }
    if (mine.incrementAndGet() > config.getMaxStreamsPerCaller()) {
      mine.decrementAndGet();
      open.decrementAndGet();
      throw ApiProblem.unavailable(
          "token "
              + caller.name()
              + " has "
              + config.getMaxStreamsPerCaller()
              + " event streams open here, as many as"
              + " punctual.api.events.max-streams-per-caller allows");
    }
    return new StatusEventPublisher(
        binding.topics().status(),
        this::consumer,
        deserializer(),
        filter,
        config.getHeartbeat(),
        () -> {
          mine.decrementAndGet();
          open.decrementAndGet();
        });
  }

  /** Streams open now on this instance. */
  public int open() {
    return open.get();
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    Map<String, Object> settings =
        new HashMap<>(
            new StreamsConfig(binding.config().streamsProperties())
                .getGlobalConsumerConfigs("punctual-api-events"));
    // no group: each stream reads every partition from its end, and never commits
    settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
    settings.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    settings.put(
        ConsumerConfig.CLIENT_ID_CONFIG,
        "punctual-api-events-" + binding.config().instanceId() + "-" + opened.incrementAndGet());
    settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
    return new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private PunctualDeserializer<StatusEvent> deserializer() {
    PunctualDeserializer<StatusEvent> events = new PunctualDeserializer<>(StatusEvent.class);
    events.configure(binding.config().serdeProperties(), false);
    return events;
  }
}

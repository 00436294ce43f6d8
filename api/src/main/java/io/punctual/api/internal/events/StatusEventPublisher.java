package io.punctual.api.internal.events;

import io.micronaut.http.sse.Event;
import io.punctual.PunctualException;
import io.punctual.StatusEvent;
import io.punctual.json.AvroJson;
import io.punctual.serde.PunctualDeserializer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's live status events: a thread of its own reads every partition of the status topic
 * from its end (read_committed), keeps what the filter shows, and sends each as a server-sent event
 * named after its type, with id {@code <partition>@<offset>} and the event's JSON as data, as fast
 * as the client takes them (at most {@value #MAX_BUFFERED} wait; reading stops while they do). A
 * quiet stream sends a {@code heartbeat} event now and then. When the client goes (the subscription
 * is cancelled, e.g. once a write fails), when it has taken nothing for two heartbeats, or when
 * {@link #close()} ends it (a newer stream of the same token took its place), the consumer is
 * closed and the stream released.
 */
final class StatusEventPublisher implements Publisher<Event<String>> {
  private static final Logger LOG = LoggerFactory.getLogger(StatusEventPublisher.class);
  static final int MAX_BUFFERED = 1_000;
  private static final Duration POLL = Duration.ofMillis(200);

  private final String topic;
  private final Supplier<KafkaConsumer<byte[], byte[]>> consumers;
  private final PunctualDeserializer<StatusEvent> deserializer;
  private final EventFilter filter;
  private final Duration heartbeat;
  private final Consumer<StatusEventPublisher> release;
  private final AtomicBoolean subscribed = new AtomicBoolean();
  private final AtomicBoolean released = new AtomicBoolean();
  private Stream stream;
  private boolean closed;

  StatusEventPublisher(
      String topic,
      Supplier<KafkaConsumer<byte[], byte[]>> consumers,
      PunctualDeserializer<StatusEvent> deserializer,
      EventFilter filter,
      Duration heartbeat,
      Consumer<StatusEventPublisher> release) {
    this.topic = topic;
    this.consumers = consumers;
    this.deserializer = deserializer;
    this.filter = filter;
    this.heartbeat = heartbeat;
    this.release = release;
  }

  @Override
  public void subscribe(Subscriber<? super Event<String>> subscriber) {
    if (!subscribed.compareAndSet(false, true)) {
      subscriber.onSubscribe(new Cancelled());
      subscriber.onError(new IllegalStateException("an event stream has one subscriber"));
      return;
    }
    Stream stream = new Stream(subscriber);
    boolean ended;
    synchronized (this) {
      this.stream = stream;
      ended = closed;
    }
    subscriber.onSubscribe(stream);
    if (ended) {
      stream.end();
    }
    Thread thread = new Thread(stream::run, "punctual-api-events-" + filter.caller().name());
    thread.setDaemon(true);
    thread.start();
  }

  /** Whether {@link #close()} ended it. */
  synchronized boolean isClosed() {
    return closed;
  }

  /** Ends the stream: its client's response completes, and its consumer is closed. */
  void close() {
    Stream current;
    synchronized (this) {
      closed = true;
      current = stream;
    }
    if (current != null) {
      current.end();
    } else {
      // never subscribed: no thread will release it
      release();
    }
  }

  private void release() {
    if (released.compareAndSet(false, true)) {
      release.accept(this);
    }
  }

  /** The subscription and the loop of its thread. */
  private final class Stream implements Subscription {
    private final Subscriber<? super Event<String>> subscriber;
    private final ArrayDeque<Event<String>> buffered = new ArrayDeque<>();
    private long demand;
    private boolean cancelled;
    private boolean ended;
    private long stalledSince;
    private KafkaConsumer<byte[], byte[]> consumer;

    Stream(Subscriber<? super Event<String>> subscriber) {
      this.subscriber = subscriber;
    }

    @Override
    public synchronized void request(long n) {
      if (n <= 0) {
        cancel();
        return;
      }
      demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
      notifyAll();
    }

    /** Ends the stream from this side: the loop stops, and the client is told it is complete. */
    void end() {
      synchronized (this) {
        ended = true;
      }
      cancel();
    }

    @Override
    public void cancel() {
      KafkaConsumer<byte[], byte[]> reading;
      synchronized (this) {
        cancelled = true;
        reading = consumer;
        notifyAll();
      }
      if (reading != null) {
        reading.wakeup();
      }
    }

    void run() {
      try {
        if (isCancelled()) {
          return;
        }
        KafkaConsumer<byte[], byte[]> opened = consumers.get();
        synchronized (this) {
          consumer = opened;
        }
        try (opened) {
          if (isCancelled()) {
            return;
          }
          List<TopicPartition> partitions = new ArrayList<>();
          for (PartitionInfo partition : opened.partitionsFor(topic)) {
            partitions.add(new TopicPartition(topic, partition.partition()));
          }
          opened.assign(partitions);
          opened.seekToEnd(partitions);
          partitions.forEach(opened::position);
          // the client knows from here on that nothing written later is missed
          add(Event.of("{}").name("ready"));
          loop(opened);
        }
      } catch (WakeupException e) {
        // cancelled while reading
      } catch (RuntimeException e) {
        LOG.warn("event stream of {} ended: {}", filter.caller().name(), e.toString());
        if (!isCancelled()) {
          subscriber.onError(e);
        }
      } finally {
        release();
        if (isEnded()) {
          subscriber.onComplete();
        }
      }
    }

    private void loop(KafkaConsumer<byte[], byte[]> reading) {
      long quietSince = System.nanoTime();
      while (!isCancelled()) {
        if (hasRoom()) {
          for (ConsumerRecord<byte[], byte[]> record : reading.poll(POLL)) {
            StatusEvent event = decode(record);
            if (event != null && filter.shows(event)) {
              add(
                  Event.of(AvroJson.toJson(event))
                      .name(event.getType().name())
                      .id(record.partition() + "@" + record.offset()));
            }
          }
        }
        if (System.nanoTime() - quietSince > heartbeat.toNanos() && isEmpty()) {
          add(Event.of("{}").name("heartbeat"));
        }
        if (emit()) {
          quietSince = System.nanoTime();
        }
      }
    }

    /** Sends what the client has asked for; waits a moment when it asks for nothing. */
    private boolean emit() {
      boolean sent = false;
      while (true) {
        Event<String> next;
        synchronized (this) {
          if (cancelled || buffered.isEmpty()) {
            return sent;
          }
          if (demand == 0) {
            stalled();
            if (buffered.size() >= MAX_BUFFERED) {
              waitQuietly();
            }
            return sent;
          }
          stalledSince = 0;
          next = buffered.poll();
          demand--;
        }
        subscriber.onNext(next);
        sent = true;
      }
    }

    /**
     * Notes that the client takes nothing while events wait; after two heartbeats of it the client
     * is taken as gone (a closed connection is not always told: nothing is written to it).
     */
    private void stalled() {
      long now = System.nanoTime();
      if (stalledSince == 0) {
        stalledSince = now;
      } else if (now - stalledSince > 2 * heartbeat.toNanos()) {
        LOG.info("event stream of {} released: its client took nothing", filter.caller().name());
        cancelled = true;
        ended = true;
      }
    }

    private synchronized boolean isEnded() {
      return ended;
    }

    private void waitQuietly() {
      try {
        wait(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        cancelled = true;
      }
    }

    private StatusEvent decode(ConsumerRecord<byte[], byte[]> record) {
      try {
        return deserializer.deserialize(record.topic(), record.value());
      } catch (PunctualException e) {
        return null;
      }
    }

    private synchronized boolean isCancelled() {
      return cancelled;
    }

    private synchronized boolean hasRoom() {
      return buffered.size() < MAX_BUFFERED;
    }

    private synchronized boolean isEmpty() {
      return buffered.isEmpty();
    }

    private synchronized void add(Event<String> event) {
      buffered.add(event);
    }
  }

  /** The subscription given to a second subscriber, which is refused. */
  private static final class Cancelled implements Subscription {
    @Override
    public void request(long n) {}

    @Override
    public void cancel() {}
  }
}

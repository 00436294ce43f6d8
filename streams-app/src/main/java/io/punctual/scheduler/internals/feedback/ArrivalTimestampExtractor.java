package io.punctual.scheduler.internals.feedback;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * A status event's time in the topology is its arrival: the wall clock when it comes to the head of
 * its partition's queue in the task. A task takes its next record from the input partition whose
 * head has the smallest time; stamped by production, every outcome produced while the thread was
 * busy firing (the echo of the firings, twice their number with an executor) would come before a
 * definition, delete or command produced since, which would wait behind all of them. Stamped by
 * arrival, a definition waits behind one status event at most. No processing reads a status
 * record's timestamp; how late the echo is, is read from the event's own time.
 */
public final class ArrivalTimestampExtractor implements TimestampExtractor {
  @Override
  public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
    return System.currentTimeMillis();
  }
}

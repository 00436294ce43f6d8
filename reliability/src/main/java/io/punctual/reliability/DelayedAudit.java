package io.punctual.reliability;

import io.punctual.client.DelayedRecords;
import io.punctual.contract.DelayInstruction;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Checks the delayed records of a run: what the delay topic holds (the records and the cancels, as
 * sent) against what their destination holds (read_committed). Each record that was not cancelled
 * arrived once, byte for byte, appended by the broker no earlier than its instant, after the
 * records of its key and instant sent before it; no cancelled one arrived.
 */
final class DelayedAudit {
  private final Report.Builder report;

  /** A delayed record as sent. */
  private record Sent(long seq, ConsumerRecord<byte[], byte[]> record, long at) {}

  DelayedAudit(Report.Builder report) {
    this.report = report;
  }

  void check(
      List<ConsumerRecord<byte[], byte[]>> delayTopic,
      List<ConsumerRecord<byte[], byte[]>> delivered) {
    Map<Long, Sent> sent = new HashMap<>();
    Map<String, Long> named = new HashMap<>();
    Set<Long> cancelled = new HashSet<>();
    for (ConsumerRecord<byte[], byte[]> record : delayTopic) {
      DelayInstruction instruction = DelayInstruction.of(record.headers(), record.timestamp());
      if (instruction instanceof DelayInstruction.Deliver deliver) {
        long seq = seq(record);
        sent.put(seq, new Sent(seq, record, deliver.at()));
        if (deliver.delayId() != null) {
          named.put(name(record.key(), deliver.delayId()), seq);
        }
      } else if (instruction instanceof DelayInstruction.Cancel cancel) {
        Long seq = named.remove(name(record.key(), cancel.delayId()));
        if (seq != null) {
          cancelled.add(seq);
        }
      }
    }
    report.tally(Report.Count.DELAYED_SENT, sent.size());
    report.tally(Report.Count.DELAYED_CANCELLED, cancelled.size());
    Set<Long> arrived = new HashSet<>();
    Map<String, Long> lastOffsetOfGroup = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : delivered) {
      long seq = seq(record);
      Sent original = sent.get(seq);
      String where = record.topic() + "-" + record.partition() + "@" + record.offset();
      if (original == null) {
        report.note(Report.Count.DELAYED_ALTERED, "no record sent is " + where);
        continue;
      }
      report.tally(Report.Count.DELAYED_DELIVERED, 1);
      if (!arrived.add(seq)) {
        report.note(Report.Count.DELAYED_DUPLICATED, seq + " again at " + where);
      }
      if (cancelled.contains(seq)) {
        report.note(Report.Count.DELAYED_CANCELLED_DELIVERED, seq + " at " + where);
      }
      if (record.timestamp() < original.at()) {
        report.note(
            Report.Count.DELAYED_EARLY,
            seq + " appended " + (original.at() - record.timestamp()) + " ms early");
      }
      if (!sameBytes(original.record(), record)) {
        report.note(Report.Count.DELAYED_ALTERED, seq + " at " + where);
      }
      String group = Arrays.toString(record.key()) + "/" + original.at();
      Long before = lastOffsetOfGroup.put(group, original.record().offset());
      if (before != null && before > original.record().offset()) {
        report.note(Report.Count.DELAYED_OUT_OF_ORDER, seq + " at " + where);
      }
    }
    sent.keySet().stream()
        .filter(seq -> !cancelled.contains(seq) && !arrived.contains(seq))
        .sorted()
        .forEach(seq -> report.note(Report.Count.DELAYED_MISSING, Long.toString(seq)));
  }

  private static boolean sameBytes(
      ConsumerRecord<byte[], byte[]> sent, ConsumerRecord<byte[], byte[]> delivered) {
    return Arrays.equals(sent.key(), delivered.key())
        && Arrays.equals(sent.value(), delivered.value())
        && Arrays.equals(userHeaders(sent), userHeaders(delivered));
  }

  private static Header[] userHeaders(ConsumerRecord<byte[], byte[]> record) {
    return Arrays.stream(record.headers().toArray())
        .filter(h -> !h.key().startsWith(DelayedRecords.HEADER_PREFIX))
        .toArray(Header[]::new);
  }

  private static long seq(ConsumerRecord<byte[], byte[]> record) {
    Header header = record.headers().lastHeader(DelayedLoad.SEQ);
    return header == null || header.value() == null || header.value().length != Long.BYTES
        ? -1
        : ByteBuffer.wrap(header.value()).getLong();
  }

  private static String name(byte[] key, String delayId) {
    return Arrays.toString(key) + "/" + delayId;
  }
}

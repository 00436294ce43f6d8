package io.punctual.cli.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.punctual.contract.Utf8Text;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * Follows any topic for {@code punctual tail --topic}: each record as a line (timestamp, position,
 * key, value, headers), or as a JSON object. Text that is not UTF-8 is shown as {@code base64:...}.
 */
final class TopicTail {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final boolean json;

  TopicTail(KafkaConsumer<byte[], byte[]> consumer, boolean json) {
    this.consumer = consumer;
    this.json = json;
  }

  /** Prints the records of {@code topic} until {@code max} were printed (null: until stopped). */
  void follow(String topic, boolean fromBeginning, Long max, PrintWriter out) {
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic).stream()
            .map(info -> new TopicPartition(topic, info.partition()))
            .toList();
    if (partitions.isEmpty()) {
      throw new ClientException("no topic " + topic);
    }
    consumer.assign(partitions);
    if (fromBeginning) {
      consumer.seekToBeginning(partitions);
    } else {
      consumer.seekToEnd(partitions);
    }
    long printed = 0;
    while (max == null || printed < max) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
        if (max == null || printed < max) {
          out.println(json ? json(record) : line(record));
          printed++;
        }
      }
      out.flush();
    }
  }

  private static String line(ConsumerRecord<byte[], byte[]> record) {
    StringBuilder line =
        new StringBuilder()
            .append(Instant.ofEpochMilli(record.timestamp()))
            .append("  ")
            .append(record.topic())
            .append('-')
            .append(record.partition())
            .append('@')
            .append(record.offset())
            .append("  key=")
            .append(text(record.key()))
            .append("  value=")
            .append(text(record.value()));
    Header[] headers = record.headers().toArray();
    for (int i = 0; i < headers.length; i++) {
      line.append(i == 0 ? "  headers: " : ", ")
          .append(headers[i].key())
          .append('=')
          .append(text(headers[i].value()));
    }
    return line.toString();
  }

  private static String json(ConsumerRecord<byte[], byte[]> record) {
    ObjectNode node =
        JSON.createObjectNode()
            .put("topic", record.topic())
            .put("partition", record.partition())
            .put("offset", record.offset())
            .put("timestamp", Instant.ofEpochMilli(record.timestamp()).toString())
            .put("key", text(record.key()))
            .put("value", text(record.value()));
    ObjectNode headers = node.putObject("headers");
    for (Header header : record.headers()) {
      headers.put(header.key(), text(header.value()));
    }
    return node.toString();
  }

  /** UTF-8 text as is, other bytes as {@code base64:...}, null as null. */
  static String text(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    return Utf8Text.decode(bytes)
        .orElseGet(() -> "base64:" + Base64.getEncoder().encodeToString(bytes));
  }
}

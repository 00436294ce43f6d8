package io.punctual.cli.client;

import io.punctual.InvalidTimerException;
import io.punctual.client.DelayedRecords;
import io.punctual.contract.DelayInstruction;
import io.punctual.contract.Durations;
import io.punctual.contract.ReservedTopics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code punctual delay}: produces one delayed record to {@code <prefix>.delayed}, or the cancel of
 * a pending one, for a shell user; prints the record's delay id.
 */
@Command(
    name = "delay",
    mixinStandardHelpOptions = true,
    description = {
      "Delays one record: the scheduler writes it to its topic at the instant, exactly once.",
      "With --cancel, cancels the pending record of --key and --id instead.",
      "Writes to Kafka directly (PREFIX.delayed); prints the delay id, to cancel the record."
    })
public final class DelayCommand implements Callable<Integer> {
  private static final long SEND_TIMEOUT_SECONDS = 30;

  @Spec CommandSpec spec;

  @Mixin KafkaOptions kafka;

  @Option(names = "--to", paramLabel = "TOPIC", description = "The topic to deliver to.")
  String to;

  @ArgGroup(exclusive = true)
  When when;

  /** The instant, or the delay. */
  static final class When {
    @Option(
        names = "--at",
        paramLabel = "INSTANT",
        description = "When: an ISO-8601 instant (2026-12-24T18:00:00Z) or epoch milliseconds.")
    String at;

    @Option(
        names = "--in",
        paramLabel = "DURATION",
        description = "When: an ISO-8601 duration from now (PT30S, PT5M, P1D).")
    String in;
  }

  @Option(names = "--key", paramLabel = "KEY", description = "The record's key (UTF-8 text).")
  String key;

  @Option(
      names = "--value",
      paramLabel = "VALUE",
      description = "The record's value (UTF-8 text); none by default.")
  String value;

  @Option(
      names = "--header",
      paramLabel = "NAME=VALUE",
      description = "A header of the record; repeatable.")
  List<String> headers = new ArrayList<>();

  @Option(
      names = "--id",
      paramLabel = "ID",
      description = "A delay id of your own, to cancel or replace the record by (unique per key).")
  String id;

  @Option(names = "--cancel", description = "Cancel the pending record of --key and --id.")
  boolean cancel;

  @Override
  public Integer call() {
    String delayTopic = kafka.prefix + ".delayed";
    ProducerRecord<byte[], byte[]> record = cancel ? cancelRecord(delayTopic) : delayed(delayTopic);
    RecordMetadata sent = send(record);
    String delayId =
        id != null ? id : DelayedRecords.defaultId(sent.topic(), sent.partition(), sent.offset());
    if (cancel) {
      spec.commandLine().getOut().printf("cancel of %s sent to %s%n", delayId, delayTopic);
    } else {
      Instant at =
          when.at != null
              ? Instant.ofEpochMilli(DelayInstruction.deliverAt(when.at))
              : Instant.ofEpochMilli(sent.timestamp()).plus(Durations.parse("--in", when.in));
      spec.commandLine()
          .getOut()
          .printf(
              "delayed record %s: delivered to %s at %s%n"
                  + "cancel with: punctual delay --cancel%s --id %s%n",
              delayId, to, at, key == null ? "" : " --key '" + key + "'", delayId);
    }
    spec.commandLine().getOut().flush();
    return 0;
  }

  private ProducerRecord<byte[], byte[]> delayed(String delayTopic) {
    if (to == null || when == null) {
      throw new ClientException("give --to TOPIC and --at INSTANT or --in DURATION (or --cancel)");
    }
    try {
      ReservedTopics.of(kafka.prefix, "punctual-scheduler").check(to);
      ProducerRecord<byte[], byte[]> record =
          new ProducerRecord<>(to, null, null, utf8(key), utf8(value));
      for (String header : headers) {
        String[] pair = header.split("=", 2);
        if (pair.length != 2 || pair[0].isBlank()) {
          throw new ClientException("--header takes NAME=VALUE, not " + header);
        }
        record.headers().add(pair[0], utf8(pair[1]));
      }
      ProducerRecord<byte[], byte[]> delayed =
          when.at != null
              ? DelayedRecords.deliverAt(
                  record, Instant.ofEpochMilli(DelayInstruction.deliverAt(when.at)), delayTopic)
              : DelayedRecords.deliverIn(record, Durations.parse("--in", when.in), delayTopic);
      return id == null ? delayed : DelayedRecords.withId(delayed, id);
    } catch (InvalidTimerException | IllegalArgumentException e) {
      throw new ClientException(e.getMessage());
    }
  }

  private ProducerRecord<byte[], byte[]> cancelRecord(String delayTopic) {
    if (id == null || to != null || when != null) {
      throw new ClientException("--cancel takes --id ID and --key KEY only");
    }
    return DelayedRecords.cancel(utf8(key), id, delayTopic);
  }

  private RecordMetadata send(ProducerRecord<byte[], byte[]> record) {
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.CLIENT_ID_CONFIG,
                "punctual-delay",
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                SEND_TIMEOUT_SECONDS * 1000),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      return producer.send(record).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new ClientException(
          "could not write to "
              + record.topic()
              + " at "
              + kafka.bootstrapServers
              + ": "
              + e.getCause());
    } catch (TimeoutException e) {
      throw new ClientException(
          "Kafka at "
              + kafka.bootstrapServers
              + " did not take the record within "
              + SEND_TIMEOUT_SECONDS
              + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClientException("interrupted");
    } catch (org.apache.kafka.common.KafkaException e) {
      throw new ClientException("could not write to " + record.topic() + ": " + e.getMessage());
    }
  }

  private static byte[] utf8(String text) {
    return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
  }
}

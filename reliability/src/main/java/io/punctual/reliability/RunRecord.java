package io.punctual.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the checker needs of a run besides its records, kept as {@code run.json} in the run's work
 * directory so that {@code reliability/run --recheck DIR} can check it again.
 *
 * @param prefix the topic prefix
 * @param partitions partitions of every topic
 * @param lookaheadMs the schedulers' lookahead
 * @param horizon the end of the load, epoch millis
 * @param faults the faults injected
 * @param facts what the report says of the run (command, seed, settings, load, mutations)
 */
record RunRecord(
    String prefix,
    int partitions,
    long lookaheadMs,
    long horizon,
    List<Fault> faults,
    Map<String, Object> facts) {
  private static final String FILE = "run.json";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The cluster settings the reader needs (the others do not matter to it). */
  Cluster.Settings settings() {
    return new Cluster.Settings(prefix, partitions, 0, 0, lookaheadMs, 0, Duration.ZERO, "");
  }

  void writeTo(Path dir) {
    try {
      JSON.writeValue(dir.resolve(FILE).toFile(), this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static RunRecord readFrom(Path dir) {
    try {
      return JSON.readValue(dir.resolve(FILE).toFile(), RunRecord.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

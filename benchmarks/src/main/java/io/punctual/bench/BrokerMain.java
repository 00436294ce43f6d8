package io.punctual.bench;

import io.punctual.Shutdown;
import io.punctual.devkit.EmbeddedKafka;
import io.punctual.testkit.JavaProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/** A single-node KRaft broker in a JVM of its own, until SIGTERM. Prints {@code BROKER <addr>}. */
public final class BrokerMain {
  private static final Pattern BROKER = Pattern.compile("BROKER (\\S+)");

  private BrokerMain() {}

  public static void main(String[] args) throws InterruptedException {
    EmbeddedKafka kafka = EmbeddedKafka.start();
    Shutdown.runUntilSignal("BROKER " + kafka.bootstrapServers(), kafka::close);
  }

  /** Starts a broker in a JVM of its own (heap 1 GiB). */
  static JavaProcess start(Path dir) {
    return JavaProcess.start("broker", dir, "1g", BrokerMain.class.getName(), List.of());
  }

  /** The bootstrap address of a broker started by {@link #start}, once it is up. */
  static String bootstrapOf(JavaProcess broker) throws InterruptedException {
    return broker.await(BROKER, Duration.ofSeconds(60));
  }
}

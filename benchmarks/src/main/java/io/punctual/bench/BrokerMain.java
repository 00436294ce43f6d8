package io.punctual.bench;

import io.punctual.Shutdown;
import io.punctual.devkit.EmbeddedKafka;

/** A single-node KRaft broker in a JVM of its own, until SIGTERM. Prints {@code BROKER <addr>}. */
public final class BrokerMain {
  private BrokerMain() {}

  public static void main(String[] args) throws InterruptedException {
    EmbeddedKafka kafka = EmbeddedKafka.start();
    var stopped = Shutdown.onSignal("broker-stop", kafka::close);
    System.out.println("BROKER " + kafka.bootstrapServers());
    System.out.flush();
    stopped.await();
  }
}

package io.punctual.bench;

import io.punctual.cli.PunctualCommandLine;
import picocli.CommandLine.Command;

/** {@code benchmarks/run}: Punctual's benchmarks; see BENCHMARKS.md. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Punctual's benchmarks, measured beside raw Kafka on the same broker.",
    subcommands = {
      FiringRateBench.class,
      PrecisionBench.class,
      ScaleBench.class,
      FailoverBench.class,
      ExecutorRateBench.class,
      PeersBench.class,
      OverloadBench.class,
      DelayBench.class,
      ConnectBench.class,
      ConsoleBench.class
    })
public final class Bench implements Runnable {
  @Override
  public void run() {
    System.err.println("give a scenario (see --help)");
  }

  public static void main(String[] args) {
    System.exit(PunctualCommandLine.of(new Bench()).execute(args));
  }
}

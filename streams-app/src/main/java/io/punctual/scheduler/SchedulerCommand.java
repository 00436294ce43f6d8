package io.punctual.scheduler;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code punctual scheduler}: runs a scheduler instance against an existing Kafka cluster. */
@Command(
    name = "scheduler",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the scheduler against an existing Kafka cluster until interrupted.",
      "Settings come from --config, then PUNCTUAL_* environment variables, then --set,"
          + " then --bootstrap-servers; see the configuration table in the README."
    })
public final class SchedulerCommand implements Callable<Integer> {
  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT",
      description = "Kafka bootstrap servers (bootstrap.servers).")
  String bootstrapServers;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Properties file with Punctual and Kafka Streams settings.")
  Path configFile;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "One setting; repeatable. Overrides the file and the environment.")
  List<String> sets = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Map<String, Object> settings = SettingsLoader.load(configFile, System.getenv(), sets);
    if (bootstrapServers != null) {
      settings.put("bootstrap.servers", bootstrapServers);
    }
    SchedulerConfig config = new SchedulerConfig(settings);
    CountDownLatch stopped = new CountDownLatch(1);
    PunctualScheduler scheduler = PunctualScheduler.start(config);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  scheduler.close();
                  stopped.countDown();
                },
                "punctual-shutdown"));
    stopped.await();
    return 0;
  }

  /** Runs {@code scheduler} on its own, for a separate scheduler process. */
  public static void main(String[] args) {
    System.exit(PunctualCommandLine.of(new SchedulerCommand()).execute(args));
  }
}

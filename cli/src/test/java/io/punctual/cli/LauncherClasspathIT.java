package io.punctual.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.testkit.JavaProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The launcher's runtime classpath ({@code cli/target/classpath.txt}, which bin/punctual runs and
 * the Dockerfile copies into the image) holds what the scheduler, the executor and the client
 * commands need, and no test kit: no JUnit, no Kafka test kit, no broker, no devkit or testkit.
 */
class LauncherClasspathIT {
  private static final Path CLASSPATH = Path.of("target", "classpath.txt");
  private static final Path JAR = Path.of("target", "punctual-cli.jar");
  private static final List<String> NEVER_AT_RUNTIME =
      List.of(
          "junit",
          "opentest4j",
          "kafka-test-common",
          "kafka_2.13",
          "kafka-server-",
          "scala-library",
          "punctual-devkit",
          "punctual-testkit");

  @Test
  void shouldShipNoTestKitNorBrokerOnTheRuntimeClasspath() throws IOException {
    // Given the runtime classpath Maven resolved for the launcher
    List<String> jars =
        Arrays.stream(Files.readString(CLASSPATH).trim().split(":"))
            .map(entry -> Path.of(entry).getFileName().toString())
            .toList();

    // Then it has the library modules, and nothing of a test kit or a broker
    assertTrue(jars.stream().anyMatch(jar -> jar.startsWith("punctual-streams-app")), "" + jars);
    assertTrue(jars.stream().anyMatch(jar -> jar.startsWith("kafka-streams")), "" + jars);
    for (String banned : NEVER_AT_RUNTIME) {
      assertEquals(
          List.of(),
          jars.stream().filter(jar -> jar.contains(banned)).toList(),
          banned + " on the launcher's runtime classpath");
    }
  }

  @Test
  void shouldBuildTheImageFromThatClasspathAlone() throws IOException {
    // Given the Dockerfile
    String dockerfile = Files.readString(Path.of("..", "Dockerfile"));

    // Then the image copies the launcher and its runtime classpath, and nothing of the devkit
    assertTrue(dockerfile.contains("cli/target/classpath.txt"), dockerfile);
    assertTrue(!dockerfile.contains("devkit") && !dockerfile.contains("testkit"), dockerfile);
  }

  @Test
  void shouldRunTheCommandsOnThatClasspathAndSayWhatDevModeNeeds() throws Exception {
    // Given the launcher run as the image runs it: its jar and its runtime classpath alone
    String classpath = JAR.toAbsolutePath() + ":" + Files.readString(CLASSPATH).trim();
    Path dir = Files.createTempDirectory("launcher-classpath");

    // When its help is asked for, and dev mode is started without the devkit
    try (JavaProcess help =
            JavaProcess.startOnClasspath(
                "help", dir, classpath, PunctualCli.class.getName(), List.of("--help"));
        JavaProcess dev =
            JavaProcess.startOnClasspath(
                "dev", dir, classpath, PunctualCli.class.getName(), List.of("dev"))) {

      // Then the help lists every command, dev mode among them
      assertEquals(0, help.awaitExit(Duration.ofSeconds(60)), Files.readString(help.log()));
      String usage = Files.readString(help.log());
      for (String command : List.of("dev", "scheduler", "executor", "schedule", "create")) {
        assertTrue(usage.contains("  " + command + " "), usage);
      }
      // and dev mode, finding no devkit, says how to run it instead of failing with a trace
      assertEquals(1, dev.awaitExit(Duration.ofSeconds(60)), Files.readString(dev.log()));
      String said = Files.readString(dev.log());
      assertTrue(said.contains("run dev mode through bin/punctual dev"), said);
      assertTrue(!said.contains("Exception"), said);
    }
  }
}

package io.punctual.cli;

import io.punctual.testkit.JavaProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code bin/punctual} run as a process, as users run it; its output in a log of its own. */
final class Launcher {
  private static final Path SCRIPT = Path.of("..", "bin", "punctual").toAbsolutePath();

  private Launcher() {}

  /** Starts {@code bin/punctual ARGS}, stderr merged into stdout. */
  static JavaProcess start(String... args) {
    List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
    command.addAll(List.of(args));
    try {
      Path dir = Files.createTempDirectory("punctual-" + args[0]);
      return JavaProcess.script(args[0], dir, command);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

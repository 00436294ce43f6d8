package io.punctual.cli;

import io.punctual.PunctualException;
import picocli.CommandLine;

/**
 * Command lines of Punctual's commands: a {@link PunctualException} (bad setting, incompatible
 * topics) is reported as one line on stderr with exit code 1, not as a stack trace; usage errors
 * exit with 2.
 */
public final class PunctualCommandLine {
  private PunctualCommandLine() {}

  public static CommandLine of(Object command) {
    return new CommandLine(command)
        .setExecutionExceptionHandler(
            (error, commandLine, parseResult) -> {
              if (error instanceof PunctualException) {
                commandLine.getErr().println("punctual: " + error.getMessage());
                return 1;
              }
              throw error;
            });
  }
}

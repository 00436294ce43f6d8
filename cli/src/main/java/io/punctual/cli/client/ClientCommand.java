package io.punctual.cli.client;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that calls the REST API: {@code --api}, {@code --token}, output on stdout. */
public abstract class ClientCommand implements Callable<Integer> {
  @Mixin ApiOptions api;
  @Spec CommandSpec spec;

  @Override
  public final Integer call() {
    run(api.client(), spec.commandLine().getOut());
    spec.commandLine().getOut().flush();
    return 0;
  }

  /** Does the work; a failure is a {@link ClientException}. */
  abstract void run(ApiClient client, PrintWriter out);
}

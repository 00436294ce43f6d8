package io.punctual.executor;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.punctual.executor.internal.consume.TriggerLoop;
import io.punctual.executor.internal.publish.StatusPublisher;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A running executor: consumes {@code <prefix>.triggers}, performs every invocation at its instant
 * and publishes every outcome on {@code <prefix>.status}. Start one in-process with {@link
 * #start(Map)}; {@link #close()} shuts it down gracefully (running actions finish or time out,
 * their outcomes are published and committed).
 */
public final class PunctualExecutor implements AutoCloseable {
  /**
   * The Micronaut environment of the executor's context: it loads {@code
   * application-punctual-executor.yml} and the executor's beans, so the executor can share a JVM
   * and a classpath with the API.
   */
  public static final String ENVIRONMENT = "punctual-executor";

  private final ApplicationContext context;
  private final EmbeddedServer server;

  private PunctualExecutor(ApplicationContext context, EmbeddedServer server) {
    this.context = context;
    this.server = server;
  }

  /**
   * Starts an executor with the given settings on top of the defaults of {@code
   * application-punctual-executor.yml}: {@code kafka.bootstrap.servers} (required), any {@code
   * kafka.*} client setting, the {@code punctual.executor.*} keys of {@link ExecutorConfig}, and
   * {@code micronaut.server.port} for the health and metrics endpoints ({@code -1} for a random
   * port).
   *
   * @throws ExecutorException when the configuration is invalid or start-up fails
   */
  public static PunctualExecutor start(Map<String, Object> properties) {
    ApplicationContext context = null;
    try {
      context =
          ApplicationContext.builder(ExecutorApplication.class)
              .properties(properties)
              .environments(ENVIRONMENT)
              .deduceEnvironment(false)
              .banner(false)
              .start();
      EmbeddedServer server = context.getBean(EmbeddedServer.class);
      server.start();
      return new PunctualExecutor(context, server);
    } catch (RuntimeException e) {
      if (context != null && context.isRunning()) {
        context.close();
      }
      throw new ExecutorException("the executor could not start: " + rootMessage(e), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      if (root instanceof ExecutorException) {
        break;
      }
      root = root.getCause();
    }
    return root.getMessage();
  }

  /** The port of the HTTP server (health, {@code /prometheus}). */
  public int httpPort() {
    return server.getPort();
  }

  /** This executor's instance id, as written in status events. */
  public String instanceId() {
    return context.getBean(StatusPublisher.class).instance();
  }

  /**
   * Completes with the cause if the executor stops consuming triggers on its own (its poll thread
   * died of an unexpected failure): {@code /health} is then DOWN, and the process should exit
   * non-zero so that it is restarted. Never completes on a graceful {@link #close()}.
   */
  public CompletableFuture<Throwable> failure() {
    return context.getBean(TriggerLoop.class).died();
  }

  /** The Micronaut context, for tests and embedding. */
  public ApplicationContext applicationContext() {
    return context;
  }

  /** Stops gracefully; returns when the executor has stopped. */
  @Override
  public void close() {
    try {
      context.getBean(TriggerLoop.class).stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (server.isRunning()) {
      server.stop();
    }
    if (context.isRunning()) {
      context.close();
    }
  }
}

package io.punctual.api;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.runtime.server.EmbeddedServer;
import io.punctual.api.internal.SchedulerBinding;
import io.punctual.scheduler.PunctualScheduler;
import io.punctual.scheduler.SchedulerConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The REST API of one scheduler instance: timers (create, read, list, delete), commands (trigger,
 * pause, resume, backfill), history, upcoming firings, schedule preview, health ({@code
 * /health/liveness}, {@code /health/readiness}), Prometheus metrics ({@code /prometheus}) and its
 * OpenAPI document ({@code /swagger/punctual-api-0.1.yml}).
 *
 * <p>Reads are answered from whichever instance owns the timer: each instance's Kafka Streams
 * {@code application.server} must be set to the {@code host:port} this API listens on (the port is
 * {@code micronaut.server.port}), so that the instances can reach one another.
 */
public final class PunctualApi implements AutoCloseable {
  /**
   * The Micronaut environment of the API's context: it loads {@code application-punctual-api.yml}
   * and the API's beans, so the API can share a JVM and a classpath with an executor.
   */
  public static final String ENVIRONMENT = "punctual-api";

  private final ApplicationContext context;
  private final EmbeddedServer server;

  private PunctualApi(ApplicationContext context, EmbeddedServer server) {
    this.context = context;
    this.server = server;
  }

  /**
   * Checks the API's settings ({@code punctual.api.*}, from {@code properties}, system properties
   * and the environment, as {@link #start} reads them) without starting anything: call it before
   * the scheduler starts, so that a bad configuration creates no topic and joins no group.
   *
   * @throws ApiException naming the key when the configuration is invalid
   */
  public static void check(Map<String, Object> properties) {
    Map<String, Object> checked = new HashMap<>(properties);
    // only the settings are read: no meter registry (its binders need a running scheduler)
    checked.put("micronaut.metrics.enabled", false);
    try (ApplicationContext context = context(checked).build()) {
      context.start();
      validate(context);
    } catch (ApiException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ApiException("invalid API configuration: " + e.getMessage(), e);
    }
  }

  /**
   * Starts the API of a running scheduler with the given settings on top of the defaults of {@code
   * application-punctual-api.yml}: the {@code punctual.api.*} keys of {@link ApiConfig} and {@link
   * ApiToken}, and {@code micronaut.server.port} (default 8080, {@code -1} for a random port).
   *
   * @param scheduler the scheduler instance whose stores it queries
   * @param config that scheduler's settings (topics, Kafka connection, {@code application.server})
   * @param properties the API's settings
   * @throws ApiException when the configuration is invalid or start-up fails
   */
  public static PunctualApi start(
      PunctualScheduler scheduler, SchedulerConfig config, Map<String, Object> properties) {
    ApplicationContext context = null;
    try {
      context = context(properties).singletons(new SchedulerBinding(scheduler, config)).start();
      validate(context);
      EmbeddedServer server = context.getBean(EmbeddedServer.class);
      server.start();
      return new PunctualApi(context, server);
    } catch (ApiException e) {
      close(context);
      throw e;
    } catch (RuntimeException e) {
      close(context);
      throw new ApiException("the API could not start: " + e.getMessage(), e);
    }
  }

  /** The API's context with these settings, in its own environment. */
  private static ApplicationContextBuilder context(Map<String, Object> properties) {
    return ApplicationContext.builder(PunctualApi.class)
        .properties(properties)
        .environments(ENVIRONMENT)
        .deduceEnvironment(false)
        .banner(false);
  }

  /** Checks the settings and tokens the context bound. */
  private static void validate(ApplicationContext context) {
    context.getBean(ApiConfig.class).validate(List.copyOf(context.getBeansOfType(ApiToken.class)));
  }

  /**
   * The port to give both the API ({@code micronaut.server.port}) and the scheduler's {@code
   * application.server}, which must be known before either starts: {@code requested}, or a free
   * port when it is 0.
   */
  public static int port(int requested) {
    if (requested != 0) {
      return requested;
    }
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new ApiException("no free port for the API: " + e.getMessage(), e);
    }
  }

  private static void close(ApplicationContext context) {
    if (context != null && context.isRunning()) {
      context.close();
    }
  }

  /** The port the API listens on. */
  public int port() {
    return server.getPort();
  }

  /** The Micronaut context, for tests and embedding. */
  public ApplicationContext applicationContext() {
    return context;
  }

  /** Stops the HTTP server and releases the API's Kafka producer; the scheduler keeps running. */
  @Override
  public void close() {
    if (server.isRunning()) {
      server.stop();
    }
    close(context);
  }
}

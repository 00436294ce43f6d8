package io.punctual.api.internal;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Beans the API needs that are not its own classes. */
@Factory
public class ApiBeans {
  /** The clock for "now": definition timestamps, preview and backfill bounds. */
  @Singleton
  public Clock clock() {
    return Clock.systemUTC();
  }
}

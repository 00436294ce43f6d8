/**
 * Punctual's executor service: {@link io.punctual.executor.PunctualExecutor}.
 *
 * <p>Its beans (here and in {@code internal}) exist only in a context of the {@value
 * io.punctual.executor.PunctualExecutor#ENVIRONMENT} environment, so that the API's context on the
 * same classpath does not start them.
 */
@Configuration
@Requires(env = PunctualExecutor.ENVIRONMENT)
package io.punctual.executor;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;

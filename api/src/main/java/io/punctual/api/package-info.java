/**
 * Punctual's REST API, served by the scheduler instances: {@link io.punctual.api.PunctualApi}.
 *
 * <p>Its beans (here and in {@code internal}) exist only in a context of the {@value
 * io.punctual.api.PunctualApi#ENVIRONMENT} environment, so that an executor's context on the same
 * classpath does not start them.
 */
@Configuration
@Requires(env = PunctualApi.ENVIRONMENT)
package io.punctual.api;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;

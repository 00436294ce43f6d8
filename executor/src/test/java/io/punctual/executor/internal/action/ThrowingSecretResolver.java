package io.punctual.executor.internal.action;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.punctual.executor.ExecutorConfig;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * Fault injection, only where {@value #ENABLED} is true: resolving the secret {@code
 * ${secret:throw}} throws an {@link IllegalStateException}, as a bug in an action would.
 */
@Singleton
@Replaces(SecretResolver.class)
@Requires(property = ThrowingSecretResolver.ENABLED, value = "true")
public final class ThrowingSecretResolver extends SecretResolver {
  /** The property that puts this resolver in place. */
  public static final String ENABLED = "punctual.test.throwing-secrets";

  /** The header value whose resolution throws. */
  public static final String THROWS = "${secret:throw}";

  ThrowingSecretResolver(ExecutorConfig config) {
    super(config);
  }

  @Override
  Map<String, String> resolve(String field, Map<String, String> headers) {
    if (headers.containsValue(THROWS)) {
      throw new IllegalStateException("an injected fault while resolving " + field);
    }
    return super.resolve(field, headers);
  }
}

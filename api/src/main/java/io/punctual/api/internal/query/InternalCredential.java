package io.punctual.api.internal.query;

import io.punctual.api.ApiConfig;
import io.punctual.api.internal.auth.TokenRegistry;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The secret the instances of one application present to one another on the {@code /internal}
 * endpoints ({@code punctual.api.internal-token}; a random one when absent in dev mode), in the
 * {@value #HEADER} header. It stands for no caller: the forwarding instance names the caller's
 * namespaces beside it ({@link InternalScope}).
 */
@Singleton
public class InternalCredential {
  /** The header that carries the credential. */
  public static final String HEADER = "Punctual-Internal-Token";

  private final String secret;

  public InternalCredential(ApiConfig config) {
    String configured = config.getInternalToken();
    this.secret = configured == null || configured.isBlank() ? random() : configured;
  }

  /** The credential to present to a peer. */
  String value() {
    return secret;
  }

  /** Whether a presented value is the credential, compared in constant time. */
  boolean matches(String presented) {
    return presented != null && TokenRegistry.sameSecret(secret, presented);
  }

  private static String random() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}

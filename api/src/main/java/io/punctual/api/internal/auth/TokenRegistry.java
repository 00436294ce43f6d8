package io.punctual.api.internal.auth;

import io.punctual.api.ApiConfig;
import io.punctual.api.ApiToken;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * The declared tokens. A presented token is compared with every declared one through their SHA-256
 * digests and {@link MessageDigest#isEqual}, so the time taken says nothing about the secrets.
 */
@Singleton
public class TokenRegistry {
  private final boolean enabled;
  private final List<Entry> entries;

  private record Entry(byte[] digest, Caller caller) {}

  public TokenRegistry(ApiConfig config, List<ApiToken> tokens) {
    this.enabled = config.getAuth().isEnabled();
    this.entries =
        tokens.stream()
            .map(
                t ->
                    new Entry(
                        digest(t.getToken()),
                        new Caller(t.getName(), new HashSet<>(t.getNamespaces()), t.isAdmin())))
            .toList();
  }

  /** Whether requests need a token. */
  public boolean enabled() {
    return enabled;
  }

  /** The caller a presented token stands for, or empty when it matches no declared token. */
  public Optional<Caller> resolve(String presented) {
    byte[] digest = digest(presented);
    Caller found = null;
    for (Entry entry : entries) {
      if (MessageDigest.isEqual(entry.digest(), digest) && found == null) {
        found = entry.caller();
      }
    }
    return Optional.ofNullable(found);
  }

  /** Whether two secrets are equal, compared through their digests in constant time. */
  public static boolean sameSecret(String expected, String presented) {
    return MessageDigest.isEqual(digest(expected), digest(presented));
  }

  private static byte[] digest(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}

package io.punctual.api.internal.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.api.ApiConfig;
import io.punctual.api.ApiToken;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenRegistryTest {
  private static TokenRegistry registry() {
    ApiToken billing = new ApiToken("billing");
    billing.setToken("secret-billing");
    billing.setNamespaces(List.of("billing"));
    ApiToken ops = new ApiToken("ops");
    ops.setToken("secret-ops");
    ops.setAdmin(true);
    return new TokenRegistry(new ApiConfig(), List.of(billing, ops));
  }

  @Test
  void shouldResolveDeclaredTokensToTheirNamespaces() {
    // Given a namespace token and an admin token
    TokenRegistry registry = registry();

    // When they are presented
    Caller billing = registry.resolve("secret-billing").orElseThrow();
    Caller ops = registry.resolve("secret-ops").orElseThrow();

    // Then each caller sees what it was given
    assertEquals("billing", billing.name());
    assertTrue(billing.mayAccess("billing"));
    assertFalse(billing.mayAccess("search"));
    assertTrue(ops.mayAccess("anything"));
  }

  @Test
  void shouldRejectUnknownAndPrefixTokens() {
    // Given the declared tokens
    TokenRegistry registry = registry();

    // When a wrong, a prefix and an empty token are presented
    // Then none resolves
    assertTrue(registry.resolve("secret-bill").isEmpty());
    assertTrue(registry.resolve("secret-billing-x").isEmpty());
    assertTrue(registry.resolve("").isEmpty());
  }
}

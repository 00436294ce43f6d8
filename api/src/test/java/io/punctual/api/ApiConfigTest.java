package io.punctual.api;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ApiConfigTest {
  private static ApiToken token(
      String name, String secret, List<String> namespaces, boolean admin) {
    ApiToken token = new ApiToken(name);
    token.setToken(secret);
    token.setNamespaces(namespaces);
    token.setAdmin(admin);
    return token;
  }

  @Test
  void shouldRefuseAuthWithoutTokens() {
    // Given auth on (the default) and no token
    ApiConfig config = new ApiConfig();

    // When it is validated
    ApiException error = assertThrows(ApiException.class, () -> config.validate(List.of()));

    // Then the message names the key
    assertTrue(error.getMessage().contains("punctual.api.tokens"), error.getMessage());
  }

  @Test
  void shouldAcceptNoTokensWhenAuthIsExplicitlyOff() {
    // Given auth off
    ApiConfig config = new ApiConfig();
    config.getAuth().setEnabled(false);

    // When / Then it validates without tokens
    assertDoesNotThrow(() -> config.validate(List.of()));
  }

  @Test
  void shouldRefuseTokenWithoutNamespacesOrDuplicated() {
    // Given a token without namespaces, and two tokens with one secret
    ApiConfig config = new ApiConfig();

    // When they are validated
    ApiException noNamespace =
        assertThrows(
            ApiException.class, () -> config.validate(List.of(token("a", "s1", List.of(), false))));
    ApiException duplicate =
        assertThrows(
            ApiException.class,
            () ->
                config.validate(
                    List.of(
                        token("a", "s1", List.of("x"), false), token("b", "s1", List.of(), true))));

    // Then each message names the key at fault
    assertTrue(noNamespace.getMessage().contains("punctual.api.tokens.a.namespaces"));
    assertTrue(duplicate.getMessage().contains("punctual.api.tokens.b.token"));
  }

  @Test
  void shouldRequireAnInternalTokenUnlikeEveryTokenWhileAuthIsOn() {
    // Given auth on with a valid token, without an internal token, then with one equal to it
    ApiConfig config = new ApiConfig();
    List<ApiToken> tokens = List.of(token("ops", "s1", List.of(), true));

    // When they are validated
    ApiException missing = assertThrows(ApiException.class, () -> config.validate(tokens));
    config.setInternalToken("s1");
    ApiException same = assertThrows(ApiException.class, () -> config.validate(tokens));
    config.setInternalToken("s2");

    // Then each message names the key, and a distinct internal token is accepted
    assertTrue(missing.getMessage().contains("punctual.api.internal-token"), missing.getMessage());
    assertTrue(same.getMessage().contains("punctual.api.internal-token"), same.getMessage());
    assertDoesNotThrow(() -> config.validate(tokens));
  }

  @Test
  void shouldRefuseBackfillBoundBelowOne() {
    // Given backfill.max 0
    ApiConfig config = new ApiConfig();
    config.getAuth().setEnabled(false);
    config.getBackfill().setMax(0);

    // When / Then validation names the key
    ApiException error = assertThrows(ApiException.class, () -> config.validate(List.of()));
    assertTrue(error.getMessage().contains("punctual.api.backfill.max"));
  }

  @Test
  void shouldRefuseAnExecutorAddressThatIsNotHttp() {
    // Given an executor named by something else than an http(s) address
    ApiConfig config = new ApiConfig();
    config.getAuth().setEnabled(false);
    config.getOverview().setExecutors(List.of("executor:8090"));

    // When it is validated, then the message names the key
    ApiException error = assertThrows(ApiException.class, () -> config.validate(List.of()));
    assertTrue(error.getMessage().contains("punctual.api.overview.executors"), error.getMessage());
  }
}

package io.punctual.executor.internal.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.executor.internal.guard.TargetRefusedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretResolverTest {
  @TempDir Path dir;

  @Test
  void shouldResolveFromTheEnvironmentFirstThenTheSecretsDir() throws Exception {
    // Given a secret in the environment and another in the directory
    Map<String, String> env = Map.of("PUNCTUAL_SECRET_BILLING_API_TOKEN", "from-env");
    Files.writeString(dir.resolve("webhook-key"), "from-file\n");
    SecretResolver secrets = new SecretResolver(env::get, dir.toString());

    // When headers referring to both are resolved
    Map<String, String> resolved =
        secrets.resolve(
            "target.http.headers",
            Map.of(
                "Authorization", "${secret:billing.api-token}",
                "X-Key", " ${secret:webhook-key} ",
                "X-Plain", "plain"));

    // Then each reference is replaced, the file's trailing newline trimmed
    assertEquals(
        Map.of("Authorization", "from-env", "X-Key", "from-file", "X-Plain", "plain"), resolved);
  }

  @Test
  void shouldRefuseUnknownMalformedAndEscapingSecretsNamingNeverAValue() throws Exception {
    // Given a directory beside a file outside it
    Files.writeString(dir.resolve("token"), "s3cr3t-line1\nline2\n");
    SecretResolver secrets = new SecretResolver(name -> null, dir.resolve("sub").toString());
    SecretResolver withDir = new SecretResolver(name -> null, dir.toString());

    // When / Then: unknown, escaping the directory, malformed, or holding a line break
    String unknown = refusal(secrets, "${secret:missing}");
    assertTrue(unknown.contains("unknown secret missing"), unknown);
    assertTrue(unknown.contains("PUNCTUAL_SECRET_MISSING"), unknown);
    assertTrue(refusal(withDir, "${secret:..}").contains("unknown secret .."));
    assertTrue(refusal(withDir, "${secret:../token}").contains("not one well-formed"));
    String malformed = refusal(withDir, "Bearer ${secret:token}");
    assertTrue(malformed.contains("target.http.headers.X-Auth"), malformed);
    String multiline = refusal(withDir, "${secret:token}");
    assertTrue(multiline.contains("line break"), multiline);
    for (String message : new String[] {unknown, malformed, multiline}) {
      assertFalse(message.contains("s3cr3t"), message);
    }
  }

  private static String refusal(SecretResolver secrets, String value) {
    return assertThrows(
            TargetRefusedException.class,
            () -> secrets.resolve("target.http.headers", Map.of("X-Auth", value)))
        .getMessage();
  }

  @Test
  void shouldNameTheEnvironmentVariableOfASecret() {
    assertEquals("PUNCTUAL_SECRET_A_B_C", SecretResolver.envName("a.b-c"));
  }
}

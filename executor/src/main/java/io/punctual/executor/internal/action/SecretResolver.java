package io.punctual.executor.internal.action;

import io.punctual.contract.TargetHeaders;
import io.punctual.executor.ExecutorConfig;
import io.punctual.executor.internal.guard.TargetRefusedException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Resolves {@code ${secret:NAME}} header values from the executor's own environment, so that
 * credentials never travel through Kafka: the environment variable {@code PUNCTUAL_SECRET_<NAME>}
 * (upper-cased, dots and dashes as underscores), else file {@code NAME} of {@code secrets-dir} (a
 * trailing newline trimmed). Errors name the secret, never a value.
 *
 * <p>Not final: a test replaces it with one that throws, to show that an attempt whose action fails
 * unexpectedly still ends.
 */
@Singleton
class SecretResolver {
  /** Prefix of the environment variables holding secrets. */
  static final String ENV_PREFIX = "PUNCTUAL_SECRET_";

  private final UnaryOperator<String> env;
  private final Path dir;

  @Inject
  SecretResolver(ExecutorConfig config) {
    this(System::getenv, config.getSecretsDir());
  }

  SecretResolver(UnaryOperator<String> env, String secretsDir) {
    this.env = env;
    this.dir = secretsDir == null || secretsDir.isBlank() ? null : Path.of(secretsDir);
  }

  /**
   * The headers with every secret reference replaced by the secret.
   *
   * @param field the dotted path of the headers, named in errors
   * @throws TargetRefusedException when a secret is unknown, or a value mentions {@code ${secret:}
   *     without being a well-formed reference
   */
  Map<String, String> resolve(String field, Map<String, String> headers) {
    Map<String, String> resolved = new LinkedHashMap<>();
    headers.forEach(
        (name, value) -> {
          String secret = TargetHeaders.secretName(value);
          if (secret != null) {
            resolved.put(name, checked(field + "." + name, secret));
          } else if (TargetHeaders.mentionsSecret(value)) {
            throw new TargetRefusedException(
                "secret",
                field
                    + "."
                    + name
                    + " mentions ${secret: but is not one well-formed ${secret:NAME} reference;"
                    + " not sent");
          } else {
            resolved.put(name, value);
          }
        });
    return resolved;
  }

  private String checked(String path, String name) {
    String value = secret(path, name);
    if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0) {
      throw new TargetRefusedException(
          "secret", path + ": secret " + name + " contains a line break or NUL; not sent");
    }
    return value;
  }

  private String secret(String path, String name) {
    String fromEnv = env.apply(envName(name));
    if (fromEnv != null) {
      return fromEnv;
    }
    if (dir != null) {
      Path file = dir.resolve(name).normalize();
      if (file.getParent() != null && file.getParent().equals(dir.normalize())) {
        try {
          if (Files.isRegularFile(file)) {
            return trimNewline(Files.readString(file, StandardCharsets.UTF_8));
          }
        } catch (IOException e) {
          throw new TargetRefusedException(
              "secret", path + ": secret " + name + " cannot be read: " + e.getClass().getName());
        }
      }
    }
    throw new TargetRefusedException(
        "secret",
        path
            + ": unknown secret "
            + name
            + " (neither environment variable "
            + envName(name)
            + " nor a file "
            + name
            + " in "
            + ExecutorConfig.PREFIX
            + ".secrets-dir)");
  }

  /** {@code PUNCTUAL_SECRET_<NAME>}, upper-cased, dots and dashes as underscores. */
  static String envName(String name) {
    return ENV_PREFIX + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private static String trimNewline(String text) {
    if (text.endsWith("\r\n")) {
      return text.substring(0, text.length() - 2);
    }
    return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
  }
}

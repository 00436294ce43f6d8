package io.punctual.api;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import java.util.List;

/**
 * One bearer token, declared under {@code punctual.api.tokens.<name>}: {@code token} (the secret
 * the client sends as {@code Authorization: Bearer <token>}), {@code namespaces} (the namespaces
 * whose timers it may read and change) and {@code admin} (true: every namespace).
 */
@EachProperty(ApiConfig.PREFIX + ".tokens")
public class ApiToken {
  private final String name;
  private String token = "";
  private List<String> namespaces = List.of();
  private boolean admin;

  public ApiToken(@Parameter String name) {
    this.name = name;
  }

  /** The token's name: the caller's identity in the audit trail ({@code requestedBy}). */
  public String getName() {
    return name;
  }

  /** {@code token}: the secret; required. */
  public String getToken() {
    return token;
  }

  public void setToken(String token) {
    this.token = token == null ? "" : token;
  }

  /** {@code namespaces}: the namespaces this token may read and change. Default none. */
  public List<String> getNamespaces() {
    return namespaces;
  }

  public void setNamespaces(List<String> namespaces) {
    this.namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
  }

  /** {@code admin}: whether this token may read and change every namespace. Default false. */
  public boolean isAdmin() {
    return admin;
  }

  public void setAdmin(boolean admin) {
    this.admin = admin;
  }
}

package io.punctual.api.internal.auth;

import io.micronaut.http.HttpRequest;
import io.punctual.api.internal.problems.ApiProblem;
import java.util.Set;

/**
 * Who is calling: the name of the token presented, the namespaces it may read and change, and
 * whether it may touch every namespace.
 */
public record Caller(String name, Set<String> namespaces, boolean admin) {
  /** The request attribute the authentication filter stores the caller in. */
  public static final String ATTRIBUTE = "punctual.caller";

  /** The caller when access control is off (dev mode): sees everything. */
  public static final Caller ANYONE = new Caller("anonymous", Set.of(), true);

  /**
   * The API itself when it checks a request against a timer of any namespace (the namespace a PUT
   * would change); what it reads this way is never shown to the caller.
   */
  public static final Caller API = new Caller("punctual-api", Set.of(), true);

  public Caller {
    namespaces = Set.copyOf(namespaces);
  }

  /** The caller the filter identified for this request. */
  public static Caller of(HttpRequest<?> request) {
    return request
        .getAttribute(ATTRIBUTE, Caller.class)
        .orElseThrow(() -> ApiProblem.unauthorized("a bearer token is required"));
  }

  /** Whether this caller may read and change timers of {@code namespace}. */
  public boolean mayAccess(String namespace) {
    return admin || (namespace != null && namespaces.contains(namespace));
  }

  /**
   * Checks access to {@code namespace}.
   *
   * @throws ApiProblem 403 when denied
   */
  public void requireAccess(String namespace) {
    if (!mayAccess(namespace)) {
      throw ApiProblem.forbidden(name, namespace);
    }
  }
}

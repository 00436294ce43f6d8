package io.punctual.api.internal.query;

import io.micronaut.http.HttpRequest;
import io.punctual.api.internal.auth.Caller;
import java.util.HashSet;
import java.util.TreeSet;

/**
 * The caller's namespaces as a forwarding instance passes them to a peer: {@value #ALL}{@code
 * =true} for every namespace, else one {@value #NAMESPACE} parameter per namespace. A peer trusts
 * them only beside the {@link InternalCredential}.
 */
final class InternalScope {
  static final String ALL = "scope-all";
  static final String NAMESPACE = "scope";

  private InternalScope() {}

  /** The query parameters that stand for {@code caller}, starting with {@code &}. */
  static String parameters(Caller caller) {
    if (caller.admin()) {
      return "&" + ALL + "=true";
    }
    StringBuilder parameters = new StringBuilder();
    for (String namespace : new TreeSet<>(caller.namespaces())) {
      parameters.append('&').append(NAMESPACE).append('=').append(InternalPaths.encode(namespace));
    }
    return parameters.toString();
  }

  /** The caller a peer forwarded the request for. */
  static Caller of(HttpRequest<?> request) {
    var parameters = request.getParameters();
    boolean all = "true".equals(parameters.get(ALL));
    return new Caller("peer", new HashSet<>(parameters.getAll(NAMESPACE)), all);
  }
}

package io.punctual.api.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The paths of the {@code /internal} endpoints, which answer from the local stores only. A peer's
 * address, learnt from the group's metadata, is called on these paths only: {@link PeerClient}
 * takes an {@link InternalPath}, which only this class makes.
 */
final class InternalPaths {
  static final String BASE = "/internal";

  private InternalPaths() {}

  /** A path and query under {@link #BASE}; the query, if any, is already encoded. */
  record InternalPath(String pathAndQuery) {
    InternalPath {
      if (!pathAndQuery.startsWith(BASE + "/")) {
        throw new IllegalArgumentException("not an internal path: " + pathAndQuery);
      }
    }

    /** The same path with the caller's scope added to its query. */
    String withScope(Caller caller) {
      String scope = InternalScope.parameters(caller);
      if (scope.isEmpty()) {
        return pathAndQuery;
      }
      return pathAndQuery.indexOf('?') < 0
          ? pathAndQuery + "?" + scope.substring(1)
          : pathAndQuery + scope;
    }
  }

  static InternalPath timer(String id) {
    return new InternalPath(BASE + "/timers/" + encode(id));
  }

  static InternalPath invocations(String id, int limit) {
    return new InternalPath(BASE + "/timers/" + encode(id) + "/invocations?limit=" + limit);
  }

  static InternalPath list(String query) {
    return new InternalPath(BASE + "/timers?" + query);
  }

  static InternalPath upcoming(String query) {
    return new InternalPath(BASE + "/upcoming?" + query);
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}

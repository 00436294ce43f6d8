package io.punctual.api.internal.query;

import io.punctual.api.internal.auth.Caller;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The paths of the {@code /internal} endpoints, which answer from the local stores only. A peer's
 * address, learnt from the group's metadata, is called on these paths only: {@link PeerClient}
 * takes an {@link InternalPath}, which only this class makes.
 */
public final class InternalPaths {
  static final String BASE = "/internal";

  private InternalPaths() {}

  /** A path and query under {@link #BASE}; the query, if any, is already encoded. */
  public record InternalPath(String pathAndQuery) {
    public InternalPath {
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

  public static InternalPath timer(String id) {
    return new InternalPath(BASE + "/timers/" + encode(id));
  }

  public static InternalPath invocations(String id, int limit) {
    return new InternalPath(BASE + "/timers/" + encode(id) + "/invocations?limit=" + limit);
  }

  public static InternalPath list(String query) {
    return new InternalPath(BASE + "/timers?" + query);
  }

  public static InternalPath upcoming(String query) {
    return new InternalPath(BASE + "/upcoming?" + query);
  }

  public static InternalPath overview(String query) {
    return new InternalPath(BASE + "/overview" + (query.isEmpty() ? "" : "?" + query));
  }

  public static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}

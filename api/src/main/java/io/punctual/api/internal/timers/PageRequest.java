package io.punctual.api.internal.timers;

import io.micronaut.http.HttpRequest;
import io.punctual.api.ApiConfig;
import io.punctual.api.internal.QueryParams;
import io.punctual.api.internal.query.InternalPaths;
import java.util.Map;

/** The parameters of {@code GET /timers}, as parsed once and passed on to the other instances. */
public record PageRequest(
    String namespace, Map<String, String> labels, String prefix, String after, int limit) {
  public static PageRequest of(HttpRequest<?> request, ApiConfig config) {
    var parameters = request.getParameters();
    String namespace = blankToNull(parameters.get("namespace"));
    String after = blankToNull(parameters.get("after"));
    String prefix = blankToNull(parameters.get("prefix"));
    int limit =
        QueryParams.integer(
            "limit",
            parameters.get("limit"),
            config.getPage().getDefaultLimit(),
            1,
            config.getPage().getMaxLimit());
    return new PageRequest(
        namespace, LabelFilter.parse(parameters.getAll("label")), prefix, after, limit);
  }

  /** The same request for an instance's {@code /internal/timers} endpoint. */
  InternalPaths.InternalPath internalPath() {
    StringBuilder path = new StringBuilder("limit=" + limit);
    if (namespace != null) {
      path.append("&namespace=").append(InternalPaths.encode(namespace));
    }
    if (prefix != null) {
      path.append("&prefix=").append(InternalPaths.encode(prefix));
    }
    if (after != null) {
      path.append("&after=").append(InternalPaths.encode(after));
    }
    labels.forEach(
        (key, value) -> path.append("&label=").append(InternalPaths.encode(key + ":" + value)));
    return InternalPaths.list(path.toString());
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}

package io.punctual.api.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The paths of the {@code /internal} endpoints, which answer from the local stores only. */
final class InternalPaths {
  static final String BASE = "/internal";

  private InternalPaths() {}

  static String timer(String id) {
    return BASE + "/timers/" + encode(id);
  }

  static String invocations(String id, int limit) {
    return timer(id) + "/invocations?limit=" + limit;
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}

package io.punctual.api;

import io.micronaut.core.annotation.Order;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.punctual.api.internal.query.InternalCredential;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records, in the tests' APIs, every request that reaches an {@code /internal} endpoint, before
 * anything else sees it: what one instance sends another.
 */
@ServerFilter("/internal/**")
@Order(-1000)
public class PeerRequests {
  /** What a request carried. */
  record Seen(String path, String authorization, String credential) {}

  private static final List<Seen> SEEN = new CopyOnWriteArrayList<>();

  @RequestFilter
  public void record(HttpRequest<?> request) {
    SEEN.add(
        new Seen(
            request.getPath(),
            request.getHeaders().get(HttpHeaders.AUTHORIZATION),
            request.getHeaders().get(InternalCredential.HEADER)));
  }

  static void clear() {
    SEEN.clear();
  }

  static List<Seen> seen() {
    return List.copyOf(SEEN);
  }
}

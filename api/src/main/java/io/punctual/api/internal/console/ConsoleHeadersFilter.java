package io.punctual.api.internal.console;

import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * The headers of every console page and file: a strict Content-Security-Policy (scripts, styles and
 * connections of this origin only, no inline script, no framing), no MIME sniffing, no referrer.
 * With every value of a definition rendered as text, a timer whose id or labels hold markup cannot
 * run anything in the console.
 */
@ServerFilter({"/ui", "/ui/**"})
public class ConsoleHeadersFilter {
  /** The console's Content-Security-Policy. */
  public static final String POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  @ResponseFilter
  public void headers(MutableHttpResponse<?> response) {
    response.header("Content-Security-Policy", POLICY);
    response.header("X-Content-Type-Options", "nosniff");
    response.header("Referrer-Policy", "no-referrer");
    response.header("X-Frame-Options", "DENY");
    response.header("Cache-Control", "no-cache");
  }
}

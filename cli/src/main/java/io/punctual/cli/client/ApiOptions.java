package io.punctual.cli.client;

import java.net.URI;
import picocli.CommandLine.Option;

/** Where the REST API is and how to authenticate: {@code --api} and {@code --token}. */
public final class ApiOptions {
  @Option(
      names = "--api",
      paramLabel = "URL",
      defaultValue = "${env:PUNCTUAL_API_URL:-http://localhost:8080}",
      description =
          "The REST API of any scheduler instance (env PUNCTUAL_API_URL; default ${DEFAULT-VALUE}).")
  String url;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      defaultValue = "${env:PUNCTUAL_API_TOKEN}",
      description = "Bearer token (env PUNCTUAL_API_TOKEN); none in dev mode.")
  String token;

  ApiClient client() {
    return new ApiClient(
        URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url), token);
  }
}

package io.punctual.connect;

import java.nio.file.Path;

/**
 * Where bin/punctual keeps what the worker reads: the connector configurations and the plugin path
 * the build assembled. The launcher sets {@value #HOME_PROPERTY}; the plugin path may also come
 * from {@value #PLUGIN_PATH_VARIABLE} (the container image does so).
 */
final class Home {
  static final String HOME_PROPERTY = "punctual.home";
  static final String PLUGIN_PATH_VARIABLE = "PUNCTUAL_CONNECT_PLUGIN_PATH";

  private Home() {}

  static Path root() {
    return Path.of(System.getProperty(HOME_PROPERTY, "."));
  }

  static Path connectorsDir() {
    return root().resolve("connectors");
  }

  static Path pluginPath() {
    String path = System.getenv(PLUGIN_PATH_VARIABLE);
    return path != null ? Path.of(path) : connectorsDir().resolve("target").resolve("plugins");
  }
}

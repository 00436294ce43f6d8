package io.punctual.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.scheduler.SchedulerConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml cannot run on these machines (no Docker engine), so its syntax and the
 * consistency of its settings are checked here: the services, their health checks and start order,
 * and that every Punctual setting it sets is one the applications know.
 */
class DockerComposeTest {
  private static Map<String, Map<String, Object>> services;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void parse() throws IOException {
    try (Reader reader = Files.newBufferedReader(Path.of("..", "docker-compose.yml"))) {
      Map<String, Object> compose = new Yaml(new LoaderOptions()).load(reader);
      services = (Map<String, Map<String, Object>>) compose.get("services");
    }
  }

  @Test
  void shouldRunKafkaARegistryKsqlTwoSchedulersAnExecutorPostgresAndConnect() {
    assertTrue(
        services
            .keySet()
            .containsAll(
                List.of(
                    "kafka",
                    "schema-registry",
                    "ksqldb",
                    "scheduler-1",
                    "scheduler-2",
                    "executor",
                    "postgres",
                    "connect")),
        services.keySet().toString());
    assertTrue(image("kafka").startsWith("apache/kafka:"));
    assertEquals("broker,controller", environment("kafka").get("KAFKA_PROCESS_ROLES"));
  }

  @Test
  void shouldServeTheApiFromEachSchedulerAtTheAddressItAdvertises() {
    for (String service : List.of("scheduler-1", "scheduler-2")) {
      // Given the scheduler's command line
      List<String> command = commandLine(service);

      // Then it advertises its own service name and the port its API listens on, which is the
      // container port published and health-checked, and it declares an admin token
      String port = argument(command, "--http-port");
      assertEquals(service, argument(command, "--advertised-host"));
      assertEquals(service, services.get(service).get("hostname"));
      @SuppressWarnings("unchecked")
      List<String> ports = (List<String>) services.get(service).get("ports");
      assertTrue(ports.get(0).endsWith(":" + port), ports.toString());
      assertTrue(healthcheck(service).contains("localhost:" + port + "/health/readiness"));
      assertTrue(
          command.contains("punctual.api.tokens.admin.token=${PUNCTUAL_ADMIN_TOKEN:-change-me}"),
          command.toString());
    }
    assertEquals("service_healthy", dependsOn("executor").get("scheduler-1").get("condition"));
  }

  @Test
  void shouldCheckHealthAndStartAfterHealthyDependencies() {
    for (String service :
        List.of(
            "kafka",
            "schema-registry",
            "ksqldb",
            "scheduler-1",
            "scheduler-2",
            "executor",
            "postgres",
            "connect")) {
      assertNotNull(services.get(service).get("healthcheck"), service + " has no healthcheck");
    }
    for (String service :
        List.of("schema-registry", "ksqldb", "scheduler-1", "scheduler-2", "executor")) {
      Map<String, Map<String, String>> dependsOn = dependsOn(service);
      assertEquals(
          "service_healthy", dependsOn.get("kafka").get("condition"), service + " on kafka");
    }
  }

  @Test
  void shouldSetOnlySchedulerSettingsThatExist() {
    for (String service : List.of("scheduler-1", "scheduler-2")) {
      environment(service)
          .forEach(
              (name, value) -> {
                if (name.startsWith("PUNCTUAL_") && !name.startsWith("PUNCTUAL_KAFKA_")) {
                  String key =
                      "punctual." + name.substring(9).toLowerCase(Locale.ROOT).replace('_', '.');
                  assertTrue(
                      SchedulerConfig.CONFIG_DEF.names().contains(key),
                      service + " sets unknown " + key);
                }
              });
      assertTrue(command(service).contains("kafka:9092"), service + " bootstrap");
      assertEquals(
          "http://schema-registry:8081", environment(service).get("PUNCTUAL_SCHEMA_REGISTRY_URL"));
    }
  }

  @Test
  void shouldPointEveryClientAtTheBrokerAndRegistryItAdvertises() {
    String advertised = environment("kafka").get("KAFKA_ADVERTISED_LISTENERS");
    assertTrue(advertised.contains("PLAINTEXT://kafka:9092"), advertised);
    assertTrue(command("executor").contains("kafka:9092"));
    assertEquals(
        "http://schema-registry:8081",
        environment("executor").get("PUNCTUAL_EXECUTOR_SCHEMA_REGISTRY_URL"));
    assertEquals(
        "http://schema-registry:8081", environment("ksqldb").get("KSQL_KSQL_SCHEMA_REGISTRY_URL"));
    assertEquals("kafka:9092", environment("ksqldb").get("KSQL_BOOTSTRAP_SERVERS"));
  }

  @Test
  void shouldRunPostgresAndConnectWithTheConnectorsAndStatementsOfTheRepository() throws Exception {
    // PostgreSQL with logical decoding, Punctual's tables created at its first start
    assertTrue(commandLine("postgres").contains("wal_level=logical"), command("postgres"));
    Map<String, String> postgres = environment("postgres");
    Map<String, String> connect = environment("connect");
    assertEquals(postgres.get("POSTGRES_DB"), connect.get("PUNCTUAL_DB_NAME"));
    assertEquals(postgres.get("POSTGRES_USER"), connect.get("PUNCTUAL_DB_USER"));
    assertEquals(postgres.get("POSTGRES_PASSWORD"), connect.get("PUNCTUAL_DB_PASSWORD"));
    assertEquals("postgres", connect.get("PUNCTUAL_DB_HOST"));
    assertEquals("http://schema-registry:8081", connect.get("PUNCTUAL_SCHEMA_REGISTRY_URL"));
    assertTrue(command("connect").contains("kafka:9092"));
    for (String dependency : List.of("kafka", "postgres", "schema-registry", "scheduler-1")) {
      assertEquals("service_healthy", dependsOn("connect").get(dependency).get("condition"));
    }
    // Connect's entrypoint is the worker of the connectors module
    @SuppressWarnings("unchecked")
    List<String> entrypoint = (List<String>) services.get("connect").get("entrypoint");
    String main = entrypoint.get(entrypoint.size() - 1);
    assertTrue(
        Files.exists(
            Path.of("..", "connectors", "src", "main", "java", main.replace('.', '/') + ".java")),
        main);
    // every variable a connector configuration names is set
    Pattern variable = Pattern.compile("\\$\\{env:([A-Z_]+)}");
    try (var files = Files.list(Path.of("..", "connectors"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        Matcher names = variable.matcher(Files.readString(file));
        while (names.find()) {
          assertTrue(connect.containsKey(names.group(1)), file + " needs " + names.group(1));
        }
      }
    }
    // ksqlDB runs the statements of the repository
    String queries = environment("ksqldb").get("KSQL_KSQL_QUERIES_FILE");
    assertTrue(mountedFileExists("ksqldb", queries), queries);
  }

  @Test
  void shouldMountOnlyFilesOfTheRepositoryThatExist() {
    for (String service : services.keySet()) {
      for (String volume : volumes(service)) {
        String source = volume.split(":")[0];
        if (source.startsWith(".")) {
          assertTrue(Files.exists(Path.of("..").resolve(source)), service + " mounts " + source);
        }
      }
    }
  }

  /** Whether a path inside a service's container is a file of the repository it mounts. */
  private static boolean mountedFileExists(String service, String path) {
    for (String volume : volumes(service)) {
      String[] parts = volume.split(":");
      if (path.startsWith(parts[1] + "/")) {
        return Files.isRegularFile(
            Path.of("..").resolve(parts[0]).resolve(path.substring(parts[1].length() + 1)));
      }
    }
    return false;
  }

  @SuppressWarnings("unchecked")
  private static List<String> volumes(String service) {
    Object volumes = services.get(service).get("volumes");
    return volumes == null ? List.of() : (List<String>) volumes;
  }

  private static String image(String service) {
    return (String) services.get(service).get("image");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> environment(String service) {
    Map<String, Object> environment =
        (Map<String, Object>) services.get(service).get("environment");
    Map<String, String> text = new java.util.HashMap<>();
    environment.forEach((name, value) -> text.put(name, String.valueOf(value)));
    return text;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, String>> dependsOn(String service) {
    return (Map<String, Map<String, String>>) services.get(service).get("depends_on");
  }

  private static String command(String service) {
    return String.join(" ", commandLine(service));
  }

  @SuppressWarnings("unchecked")
  private static List<String> commandLine(String service) {
    return (List<String>) services.get(service).get("command");
  }

  private static String argument(List<String> command, String option) {
    int at = command.indexOf(option);
    assertTrue(at >= 0 && at + 1 < command.size(), option + " missing in " + command);
    return command.get(at + 1);
  }

  /** The health check of a service (merged from its YAML anchor when it has none of its own). */
  @SuppressWarnings("unchecked")
  private static String healthcheck(String service) {
    Map<String, Object> check = (Map<String, Object>) services.get(service).get("healthcheck");
    return String.join(" ", (List<String>) check.get("test"));
  }
}

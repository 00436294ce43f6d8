package io.punctual.scheduler.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.punctual.scheduler.SchedulerConfig;
import io.punctual.scheduler.Topics;
import io.punctual.scheduler.internals.topology.SchedulerTopology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/**
 * The docs generated from code — topology-docs/ and the configuration table in the README — are up
 * to date. Run with {@code -Dpunctual.docs.update=true} to regenerate them.
 */
class GeneratedDocsTest {
  private static final Path ROOT = Path.of("..");
  private static final boolean UPDATE = Boolean.getBoolean("punctual.docs.update");
  private static final String TABLE_START = "<!-- configuration-table:start -->";
  private static final String TABLE_END = "<!-- configuration-table:end -->";

  private static final Map<String, String> STORE_KEYS =
      Map.of(
          "timers",
          "timer id",
          "due-index",
          "(dueEpochMillis, timerId), or (dueEpochMillis, timerId, 0x00, invocationId) for a"
              + " retry; big-endian",
          "history",
          "(timerId, 0x00, Long.MAX_VALUE - at, Long.MAX_VALUE - offset): newest first per timer,"
              + " offset that of the status record read, or 2^62 plus a sequence for an event the"
              + " scheduler kept as it published it; (timerId, 0x01) for the count; big-endian",
          "delayed-records",
          "(0x00, at, offset) for a record; (0x01, offset) for its default id, or (0x02, key"
              + " length, key, delay id) for a named one; big-endian");
  private static final Map<String, String> STORE_VALUES =
      Map.of(
          "timers",
          "layout version byte, then io.punctual.state.StoredTimerState in Avro binary: a live"
              + " timer (definition, schedule position, invocation in flight, pause override,"
              + " recent command ids) or a deleted timer's marker",
          "due-index",
          "marker, or the retry's attempt number",
          "history",
          "StatusEvent in Avro binary (the newest punctual.history.size per timer), or the count",
          "delayed-records",
          "the record (destination, delay id, key, value, headers as read), or its position");

  private static SchedulerConfig defaults() {
    return new SchedulerConfig(Map.of("bootstrap.servers", "localhost:9092"));
  }

  @Test
  void shouldMatchTheTopologyDescription() throws IOException {
    String description = SchedulerTopology.build(defaults()).describe().toString();
    check(ROOT.resolve("topology-docs/scheduler-topology.txt"), description);
  }

  @Test
  void shouldMatchTheTopologyDiagramAndTopicsTable() throws IOException {
    TopologyDescription description = SchedulerTopology.build(defaults()).describe();
    check(ROOT.resolve("topology-docs/README.md"), topologyPage(description, defaults().topics()));
  }

  @Test
  void shouldMatchTheConfigurationTableInTheReadme() throws IOException {
    Path readme = ROOT.resolve("README.md");
    String text = Files.readString(readme);
    int start = text.indexOf(TABLE_START);
    int end = text.indexOf(TABLE_END);
    String expected =
        text.substring(0, start + TABLE_START.length())
            + "\n"
            + configurationTable()
            + text.substring(end);
    check(readme, expected);
  }

  private static void check(Path file, String expected) throws IOException {
    if (UPDATE) {
      Files.writeString(file, expected);
    }
    assertEquals(
        expected,
        Files.exists(file) ? Files.readString(file) : "",
        file
            + " is stale: run mvn -pl streams-app test -Dtest=GeneratedDocsTest -Dpunctual.docs.update=true");
  }

  static String configurationTable() {
    StringBuilder table = new StringBuilder("| key | default | valid values | description |\n");
    table.append("|---|---|---|---|\n");
    for (ConfigDef.ConfigKey key : SchedulerConfig.CONFIG_DEF.configKeys().values()) {
      table
          .append("| `")
          .append(key.name)
          .append("` | ")
          .append(defaultValue(key))
          .append(" | ")
          .append(key.validator == null ? "" : key.validator.toString().replace("|", "\\|"))
          .append(" | ")
          .append(key.documentation.replace("|", "\\|"))
          .append(" |\n");
    }
    table.append("\nKafka Streams settings that Punctual defaults differently:\n\n");
    table.append("| key | Punctual's default |\n|---|---|\n");
    new TreeMap<>(SchedulerConfig.STREAMS_DEFAULTS)
        .forEach((k, v) -> table.append("| `").append(k).append("` | `").append(v).append("` |\n"));
    return table.toString();
  }

  private static String defaultValue(ConfigDef.ConfigKey key) {
    if (!key.hasDefault() || key.defaultValue == null) {
      return "";
    }
    Object value = key.defaultValue instanceof Class<?> c ? c.getName() : key.defaultValue;
    return value.toString().isEmpty() ? "\"\"" : "`" + value + "`";
  }

  static String topologyPage(TopologyDescription description, Topics topics) {
    StringBuilder page = new StringBuilder();
    page.append("# Scheduler topology\n\n")
        .append("Generated from `Topology#describe()` by `GeneratedDocsTest`; do not edit.\n")
        .append("The plain description is in [scheduler-topology.txt](scheduler-topology.txt).\n\n")
        .append("```mermaid\nflowchart LR\n");
    Set<String> edges = new LinkedHashSet<>();
    Set<String> stores = new LinkedHashSet<>();
    for (TopologyDescription.Subtopology sub : description.subtopologies()) {
      for (TopologyDescription.Node node : sub.nodes()) {
        if (node instanceof TopologyDescription.Source source) {
          source.topicSet().forEach(t -> edges.add(topic(t) + " --> " + id(node.name())));
        }
        if (node instanceof TopologyDescription.Sink sink) {
          edges.add(
              id(node.name())
                  + " --> "
                  + (sink.topic() == null
                      ? "destinations[/each record's destination/]"
                      : topic(sink.topic())));
        }
        if (node instanceof TopologyDescription.Processor processor) {
          for (String store : processor.stores()) {
            stores.add(store);
            edges.add(id(node.name()) + " <--> " + id(store) + "[(" + store + ")]");
          }
        }
        for (TopologyDescription.Node successor : node.successors()) {
          edges.add(id(node.name()) + " --> " + id(successor.name()));
        }
      }
    }
    edges.forEach(edge -> page.append("  ").append(edge).append('\n'));
    page.append("```\n\n## Topics\n\n")
        .append(
            "Keyed by timer id (UTF-8 string) but the delayed records, keyed as their producers")
        .append(" chose; the timers, triggers, status and commands topics must have the same")
        .append(" partition count.\n\n")
        .append("| topic | value | cleanup | written by | read by |\n|---|---|---|---|---|\n")
        .append(
            row(
                topics.timers(),
                "TimerDefinition (JSON or Avro); null deletes",
                "compact",
                "users, API, CLI, Connect",
                "scheduler"))
        .append(row(topics.triggers(), "Invocation", "delete", "scheduler", "executor"))
        .append(
            row(
                topics.status(),
                "StatusEvent",
                "delete",
                "scheduler, executor",
                "scheduler (outcome feedback), subscribers, ksqlDB, Connect"))
        .append(
            row(
                topics.commands(),
                "TimerCommand (JSON or Avro): TRIGGER, BACKFILL, PAUSE, RESUME",
                "delete",
                "API, CLI, operators",
                "scheduler"))
        .append(
            row(
                topics.deadLetters(),
                "original bytes + error headers",
                "delete",
                "scheduler",
                "operators"))
        .append(
            row(
                topics.delayed(),
                "any record (bytes) + delay headers, delivered to its destination at its instant",
                "delete",
                "any producer, CLI",
                "scheduler"))
        .append("\n## State stores\n\n| store | key | value | changelog |\n|---|---|---|---|\n");
    for (String store : stores) {
      page.append("| `")
          .append(store)
          .append("` | ")
          .append(STORE_KEYS.get(store))
          .append(" | ")
          .append(STORE_VALUES.get(store))
          .append(" | `<application.id>-")
          .append(store)
          .append("-changelog` |\n");
    }
    return page.toString();
  }

  private static String row(
      String topic, String value, String cleanup, String writers, String readers) {
    return "| `" + topic + "` | " + value + " | " + cleanup + " | " + writers + " | " + readers
        + " |\n";
  }

  private static String id(String name) {
    return name.replace('-', '_');
  }

  private static String topic(String name) {
    return "t_" + id(name.replace('.', '_')) + "{{" + name + "}}";
  }
}

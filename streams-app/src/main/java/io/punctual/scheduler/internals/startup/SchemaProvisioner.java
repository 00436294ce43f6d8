package io.punctual.scheduler.internals.startup;

import io.punctual.Invocation;
import io.punctual.StatusEvent;
import io.punctual.scheduler.SchedulerConfig;
import io.punctual.scheduler.Topics;
import io.punctual.serde.SchemaRegistryClient;
import io.punctual.serde.SerdeConfig;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With Avro output, registers the schemas of what the scheduler writes under their topics' subjects
 * ({@code <topic>-value}) as it starts, not at the first record: a reader that looks the schema up
 * before any event, such as ksqlDB's {@code CREATE STREAM} without columns, finds it. A registry
 * that does not answer now is told in the log; the first record registers the schema then.
 */
public final class SchemaProvisioner {
  private static final Logger LOG = LoggerFactory.getLogger(SchemaProvisioner.class);

  private SchemaProvisioner() {}

  /** Registers the status and trigger schemas when the scheduler writes Avro. */
  public static void registerOutputSchemas(SchedulerConfig config) {
    boolean avro =
        SchedulerConfig.OUTPUT_AVRO.equals(config.getString(SchedulerConfig.OUTPUT_FORMAT_CONFIG))
            && config.getClass(SchedulerConfig.OUTPUT_SERIALIZER_CONFIG) == null;
    SerdeConfig serde = new SerdeConfig(config.serdeProperties());
    if (!avro || !serde.autoRegisterSchemas()) {
      return;
    }
    Topics topics = config.topics();
    SchemaRegistryClient registry = serde.newRegistryClient();
    register(registry, topics.status() + "-value", StatusEvent.getClassSchema());
    register(registry, topics.triggers() + "-value", Invocation.getClassSchema());
  }

  private static void register(SchemaRegistryClient registry, String subject, Schema schema) {
    try {
      int id = registry.register(subject, schema);
      LOG.info("schema of {} registered under {} (id {})", schema.getName(), subject, id);
    } catch (RuntimeException e) {
      // unreachable (SchemaRegistryException) or refusing (an incompatible schema): not fatal
      LOG.warn(
          "could not register the schema of {} under {} yet: {}; the first record will",
          schema.getName(),
          subject,
          e.getMessage());
    }
  }
}

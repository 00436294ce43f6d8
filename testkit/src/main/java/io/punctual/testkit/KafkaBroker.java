package io.punctual.testkit;

import io.punctual.devkit.EmbeddedKafka;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension giving a test class one {@link EmbeddedKafka}: started before all its tests,
 * closed after all. Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();
 * }</pre>
 *
 * <p>Its {@code beforeAll} runs before the class's {@code @BeforeAll} methods, and its {@code
 * afterAll} after the class's {@code @AfterAll} methods, so those can use {@link
 * #bootstrapServers()} to start and stop what runs on the broker. {@code @Nested} classes share the
 * broker of the class that registered the extension.
 */
public final class KafkaBroker implements BeforeAllCallback, AfterAllCallback {
  private EmbeddedKafka kafka;
  private Class<?> owner;

  @Override
  public void beforeAll(ExtensionContext context) {
    if (kafka == null) {
      kafka = EmbeddedKafka.start();
      owner = context.getRequiredTestClass();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (kafka != null && context.getRequiredTestClass() == owner) {
      try {
        kafka.close();
      } finally {
        kafka = null;
        owner = null;
      }
    }
  }

  /** The {@code bootstrap.servers} value for clients of the running broker. */
  public String bootstrapServers() {
    return kafka().bootstrapServers();
  }

  /** The running broker. */
  public EmbeddedKafka kafka() {
    if (kafka == null) {
      throw new IllegalStateException(
          "no broker: register KafkaBroker with @RegisterExtension on a static field");
    }
    return kafka;
  }
}

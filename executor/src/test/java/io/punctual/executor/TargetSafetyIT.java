package io.punctual.executor;

import static io.punctual.StatusType.DEAD_LETTERED;
import static io.punctual.StatusType.FAILED;
import static io.punctual.StatusType.STARTED;
import static io.punctual.StatusType.SUCCEEDED;
import static io.punctual.StatusType.TIMED_OUT;
import static io.punctual.executor.ExecutorHarness.http;
import static io.punctual.executor.ExecutorHarness.kafka;
import static io.punctual.executor.ExecutorHarness.retry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.HttpTarget;
import io.punctual.Invocation;
import io.punctual.StatusType;
import io.punctual.devkit.RecordingHttpTarget;
import io.punctual.testkit.KafkaBroker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The target allowlist, end to end. Runs in a JVM whose name resolution reads
 * src/test/resources/target-safety.hosts ({@code -Djdk.net.hosts.file}, see the pom): {@code
 * metadata.test} resolves to 169.254.169.254, {@code loopback.test} to 127.0.0.1, {@code
 * private.test} to 10.255.255.1.
 */
class TargetSafetyIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();
  private static RecordingHttpTarget target;
  private static ExecutorHarness strict;
  private static ExecutorHarness open;
  private static PunctualExecutor strictExecutor;
  private static PunctualExecutor openExecutor;

  @BeforeAll
  static void start() throws Exception {
    target = RecordingHttpTarget.start();
    strict = new ExecutorHarness(KAFKA.bootstrapServers(), "strict");
    Map<String, Object> strictProps = strict.executorProperties("strict");
    strictProps.put("punctual.executor.allow-loopback", false);
    strictExecutor = PunctualExecutor.start(strictProps);
    open = new ExecutorHarness(KAFKA.bootstrapServers(), "open");
    Map<String, Object> openProps = open.executorProperties("open");
    openProps.put("punctual.executor.allow-loopback", false);
    openProps.put("punctual.executor.allow-private", true);
    openProps.put("punctual.executor.allow-targets", "loopback.test,169.254.0.0/16");
    openExecutor = PunctualExecutor.start(openProps);
  }

  @AfterAll
  static void stop() {
    strictExecutor.close();
    openExecutor.close();
    strict.close();
    open.close();
    target.close();
  }

  private static void assertRefused(ExecutorHarness harness, String url, String rule)
      throws Exception {
    // Given an invocation of the URL with 3 attempts allowed
    Invocation invocation =
        http("t" + Math.abs(url.hashCode()), Instant.now(), url, retry(3, "PT0.1S", 2.0, "PT1S"));

    // When it is triggered
    harness.send(invocation);

    // Then one attempt fails naming the rule, it is not retried, and it is dead-lettered
    assertEquals(
        List.of(STARTED, FAILED, DEAD_LETTERED),
        harness.awaitFinal(invocation.getInvocationId(), WAIT),
        url);
    String error = harness.events(invocation.getInvocationId()).get(1).getError();
    assertTrue(error.contains("refused by rule " + rule), url + ": " + error);
  }

  @Test
  void shouldRefuseAKafkaTargetFromAnEarlierSchedulerNamingWhoWritesThemNow() throws Exception {
    // Given a Kafka target's invocation, as a scheduler of an earlier version sent them
    Invocation invocation = kafka("legacy", Instant.now(), "orders", "order-1");

    // When it is triggered
    strict.send(invocation);

    // Then it is not performed: dead-lettered at once, with the reason
    assertEquals(
        List.of(STARTED, FAILED, DEAD_LETTERED),
        strict.awaitFinal(invocation.getInvocationId(), WAIT));
    String error = strict.events(invocation.getInvocationId()).get(1).getError();
    assertTrue(error.contains("written by the scheduler"), error);
  }

  @Test
  void shouldAlwaysRefuseMetadataAndLinkLocalAddresses() throws Exception {
    assertRefused(strict, "http://169.254.169.254/latest/meta-data/", "link-local");
    assertRefused(strict, "http://[fe80::1]/", "link-local");
    assertRefused(strict, "http://[fd00:ec2::254]/", "cloud-metadata");
    assertRefused(strict, "http://100.100.100.200/", "cloud-metadata");
    // even when an allowlist entry covers them
    assertRefused(open, "http://169.254.169.254/latest/meta-data/", "link-local");
  }

  @Test
  void shouldRefuseAHostNameThatResolvesToAMetadataAddress() throws Exception {
    assertRefused(strict, "http://metadata.test/computeMetadata/v1/", "link-local");
    assertRefused(open, "http://metadata.test/computeMetadata/v1/", "link-local");
  }

  @Test
  void shouldRefuseLoopbackUnlessAllowed() throws Exception {
    assertRefused(strict, target.url("/loop"), "loopback");
    assertRefused(strict, "http://loopback.test:" + target.port() + "/loop", "loopback");
    assertRefused(open, target.url("/loop"), "loopback");
    assertTrue(target.calls().isEmpty());

    // Given an executor whose allow-targets names loopback.test
    Invocation allowed =
        http("allowed", Instant.now(), "http://loopback.test:" + target.port() + "/allowed", null);

    // When it is triggered
    open.send(allowed);

    // Then the call goes through
    assertEquals(List.of(STARTED, SUCCEEDED), open.awaitFinal(allowed.getInvocationId(), WAIT));
    assertEquals(1, target.calls("/allowed").size());
  }

  @Test
  void shouldRefusePrivateAddressesUnlessAllowed() throws Exception {
    assertRefused(strict, "http://10.255.255.1/", "private");
    assertRefused(strict, "http://private.test/", "private");
    assertRefused(strict, "http://[fd12::1]/", "private");

    // Given an executor allowing private addresses, and an unroutable private target
    Invocation invocation = http("private", Instant.now(), "http://private.test/", null);
    invocation.setTarget(
        HttpTarget.newBuilder().setUrl("http://private.test/").setTimeout("PT0.5S").build());

    // When it is triggered
    open.send(invocation);

    // Then the guard lets it through: the call is attempted (and times out), not refused
    List<StatusType> types = open.awaitFinal(invocation.getInvocationId(), WAIT);
    String error = open.events(invocation.getInvocationId()).get(1).getError();
    assertTrue(
        types.equals(List.of(STARTED, TIMED_OUT, DEAD_LETTERED))
            || (types.equals(List.of(STARTED, FAILED, DEAD_LETTERED))
                && !error.contains("refused by rule")),
        types + " " + error);
  }
}

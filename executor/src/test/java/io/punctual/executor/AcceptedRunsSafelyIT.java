package io.punctual.executor;

import static io.punctual.StatusType.DEAD_LETTERED;
import static io.punctual.StatusType.FAILED;
import static io.punctual.StatusType.STARTED;
import static io.punctual.StatusType.SUCCEEDED;
import static io.punctual.executor.ExecutorHarness.http;
import static io.punctual.executor.ExecutorHarness.retry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.punctual.HttpTarget;
import io.punctual.Invocation;
import io.punctual.StatusEvent;
import io.punctual.contract.DeadLetterHeaders;
import io.punctual.devkit.RecordingHttpTarget;
import io.punctual.devkit.RecordingHttpTarget.Response;
import io.punctual.executor.internal.action.ThrowingSecretResolver;
import io.punctual.json.AvroJson;
import io.punctual.testkit.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Whatever a trigger holds, the executor ends it with a final outcome and moves on: definitions
 * outside the contract, undecodable records, headers it owns, redirects, secrets.
 */
class AcceptedRunsSafelyIT {
  private static final String GROUP = "safely";
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String SECRET = "Bearer s3cr3t-value-never-shown";

  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();
  private static ExecutorHarness harness;
  private static RecordingHttpTarget target;
  private static PunctualExecutor executor;
  private static Path secrets;

  @BeforeAll
  static void start() throws Exception {
    harness = new ExecutorHarness(KAFKA.bootstrapServers(), "safely");
    target = RecordingHttpTarget.start();
    secrets = Files.createTempDirectory("punctual-secrets");
    Files.writeString(secrets.resolve("api-token"), SECRET + "\n");
    Map<String, Object> props = harness.executorProperties(GROUP);
    props.put("punctual.executor.secrets-dir", secrets.toString());
    props.put(ThrowingSecretResolver.ENABLED, "true");
    executor = PunctualExecutor.start(props);
  }

  @AfterAll
  static void stop() throws Exception {
    executor.close();
    target.close();
    harness.close();
  }

  private static Invocation withHeaders(Invocation invocation, Map<String, String> headers) {
    HttpTarget http = (HttpTarget) invocation.getTarget();
    return Invocation.newBuilder(invocation)
        .setTarget(HttpTarget.newBuilder(http).setHeaders(headers).build())
        .build();
  }

  private static void awaitCommitPast(RecordMetadata record) {
    ExecutorHarness.await(
        () -> {
          try {
            return harness.committed(GROUP, record) > record.offset();
          } catch (Exception e) {
            return false;
          }
        },
        WAIT,
        "the commit past offset " + record.offset());
  }

  private static String failure(Invocation invocation) {
    return harness.events(invocation.getInvocationId()).get(1).getError();
  }

  @Test
  void shouldEndATriggerWhoseRetryPolicyBreaksTheContractAndCommitIt() throws Exception {
    // Given a trigger whose retry policy waits 30 days, beyond the contract's 7
    Invocation invocation =
        http(
            "long-backoff",
            Instant.now(),
            target.url("/long-backoff"),
            retry(3, "P30D", 2, "P30D"));

    // When it is triggered
    RecordMetadata record = harness.send(invocation);

    // Then it is not performed, ends FAILED naming the field then DEAD_LETTERED, and is committed
    assertEquals(
        List.of(STARTED, FAILED, DEAD_LETTERED),
        harness.awaitFinal(invocation.getInvocationId(), WAIT));
    assertTrue(failure(invocation).contains("retry.initialBackoff"), failure(invocation));
    assertTrue(target.calls("/long-backoff").isEmpty());
    awaitCommitPast(record);
  }

  @Test
  void shouldEndEachAttemptWhoseActionThrowsUnexpectedlyAndCommitIt() throws Exception {
    // Given a trigger whose action throws on every attempt (an injected fault), two attempts
    // allowed, and a trigger after it on the same partition
    Invocation throwing =
        withHeaders(
            http("throws", Instant.now(), target.url("/throws"), retry(2, "PT1S", 1.0, "PT1S")),
            Map.of("X-Key", ThrowingSecretResolver.THROWS));
    Invocation next = http("after-throws", Instant.now(), target.url("/after-throws"), null);

    // When both are triggered
    harness.send(throwing, 1);
    RecordMetadata record = harness.send(next, 1);

    // Then each attempt ends FAILED naming the fault, the second DEAD_LETTERED, nothing is
    // called, the next trigger is performed, and the partition's commit passes both
    assertEquals(
        List.of(STARTED, FAILED, STARTED, FAILED, DEAD_LETTERED),
        harness.awaitFinal(throwing.getInvocationId(), WAIT));
    assertTrue(failure(throwing).contains("injected fault"), failure(throwing));
    assertTrue(target.calls("/throws").isEmpty());
    assertEquals(List.of(STARTED, SUCCEEDED), harness.awaitFinal(next.getInvocationId(), WAIT));
    awaitCommitPast(record);
  }

  @Test
  void shouldSkipAnUndecodableTriggerCountItAndGoOn() throws Exception {
    // Given garbage bytes on partition 0, followed by a valid trigger on the same partition
    RecordMetadata garbage =
        harness.sendRaw(
            "garbage".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xde, (byte) 0xad}, 0);
    Invocation next = http("after-garbage", Instant.now(), target.url("/after-garbage"), null);

    // When the valid one is triggered
    RecordMetadata record = harness.send(next, 0);

    // Then it is performed, the partition's commit passes both, and the garbage is counted
    assertEquals(List.of(STARTED, SUCCEEDED), harness.awaitFinal(next.getInvocationId(), WAIT));
    awaitCommitPast(record);
    String metrics = ExecutorHarness.prometheus(executor);
    assertTrue(metrics.contains("punctual_executor_triggers_undecodable_total 1.0"), metrics);
    ExecutorHarness.await(
        () -> rejected(garbage) != null, WAIT, "the dead letter of the undecodable trigger");
    ConsumerRecord<byte[], byte[]> letter = rejected(garbage);
    assertTrue(
        ExecutorHarness.header(letter, DeadLetterHeaders.ERROR).startsWith("undecodable trigger"));
    ExecutorHarness.assertOrigin(letter, garbage);
  }

  @Test
  void shouldRefuseAHeaderTheExecutorOwns() throws Exception {
    // Given a trigger setting Host
    Invocation invocation =
        withHeaders(
            http("own-host", Instant.now(), target.url("/own-host"), retry(3, "PT0.1S", 2, "PT1S")),
            Map.of("Host", "internal.example"));

    // When it is triggered
    harness.send(invocation);

    // Then it is refused naming the header, once, and the target is not called
    assertEquals(
        List.of(STARTED, FAILED, DEAD_LETTERED),
        harness.awaitFinal(invocation.getInvocationId(), WAIT));
    assertTrue(failure(invocation).contains("target.http.headers.Host"), failure(invocation));
    assertTrue(target.calls("/own-host").isEmpty());
  }

  @Test
  void shouldNotFollowARedirect() throws Exception {
    // Given a target redirecting elsewhere
    target.respond(
        "/moved", call -> new Response(302, "").withHeader("Location", target.url("/landed")));
    Invocation invocation = http("moved", Instant.now(), target.url("/moved"), null);

    // When it is triggered
    harness.send(invocation);

    // Then the 302 is the outcome, and the redirect's location is never called
    assertEquals(
        List.of(STARTED, FAILED, DEAD_LETTERED),
        harness.awaitFinal(invocation.getInvocationId(), WAIT));
    assertEquals(302, harness.events(invocation.getInvocationId()).get(1).getHttpStatus());
    assertTrue(target.calls("/landed").isEmpty());
  }

  @Test
  void shouldSendASecretResolvedHereAndNeverShowIt() throws Exception {
    // Given a target failing with 500, called with a secret reference from the secrets dir
    ExecutorHarness.answer(target, "/secret", n -> 500);
    Invocation invocation =
        withHeaders(
            http("secret", Instant.now(), target.url("/secret"), null),
            Map.of("Authorization", "${secret:api-token}"));

    // When it is triggered
    harness.send(invocation);

    // Then the target receives the secret, and no status event nor dead letter shows it
    assertEquals(
        List.of(STARTED, FAILED, DEAD_LETTERED),
        harness.awaitFinal(invocation.getInvocationId(), WAIT));
    assertEquals(SECRET, target.calls("/secret").get(0).header("Authorization"));
    ExecutorHarness.await(
        () -> deadLetter(invocation) != null, WAIT, "the dead letter of " + invocation);
    assertFalse(shown(invocation).contains("s3cr3t"), shown(invocation));
  }

  @Test
  void shouldFailAnUnknownOrMalformedSecretOnceNamingIt() throws Exception {
    // Given a reference to an unknown secret, and a value mentioning a secret in passing
    Invocation unknown =
        withHeaders(
            http(
                "unknown-secret",
                Instant.now(),
                target.url("/unknown"),
                retry(3, "PT0.1S", 2, "PT1S")),
            Map.of("X-Api-Key", "${secret:missing-one}"));
    Invocation malformed =
        withHeaders(
            http("malformed-secret", Instant.now(), target.url("/malformed"), null),
            Map.of("Authorization", "Bearer ${secret:api-token}"));

    // When they are triggered
    harness.send(unknown);
    harness.send(malformed);

    // Then each fails once without retry, naming the secret or the header, and nothing is sent
    assertEquals(
        List.of(STARTED, FAILED, DEAD_LETTERED),
        harness.awaitFinal(unknown.getInvocationId(), WAIT));
    assertTrue(failure(unknown).contains("unknown secret missing-one"), failure(unknown));
    assertEquals(
        List.of(STARTED, FAILED, DEAD_LETTERED),
        harness.awaitFinal(malformed.getInvocationId(), WAIT));
    assertTrue(
        failure(malformed).contains("target.http.headers.Authorization"), failure(malformed));
    assertFalse(failure(malformed).contains("s3cr3t"));
    assertTrue(target.calls("/unknown").isEmpty());
    assertTrue(target.calls("/malformed").isEmpty());
  }

  @Test
  void shouldRedactLiteralCredentialsInDeadLetters() throws Exception {
    // Given a failing target called with a literal credential header
    ExecutorHarness.answer(target, "/literal", n -> 404);
    Invocation invocation =
        withHeaders(
            http("literal", Instant.now(), target.url("/literal"), null),
            Map.of("Authorization", "Bearer literal-credential", "X-Trace", "kept"));

    // When it is triggered and dead-lettered
    harness.send(invocation);
    harness.awaitFinal(invocation.getInvocationId(), WAIT);
    ExecutorHarness.await(
        () -> deadLetter(invocation) != null, WAIT, "the dead letter of " + invocation);

    // Then the dead letter shows the invocation with the credential redacted
    String letter = new String(deadLetter(invocation).value(), StandardCharsets.UTF_8);
    assertFalse(letter.contains("literal-credential"), letter);
    assertTrue(letter.contains("<redacted>") && letter.contains("kept"), letter);
    Invocation shown = AvroJson.fromJson(letter, Invocation.class);
    assertEquals(invocation.getInvocationId(), shown.getInvocationId());
  }

  private static ConsumerRecord<byte[], byte[]> deadLetter(Invocation invocation) {
    return harness.deadLetter(invocation.getInvocationId());
  }

  /** The dead letter of a trigger, found by where it was read, or null. */
  private static ConsumerRecord<byte[], byte[]> rejected(RecordMetadata trigger) {
    return harness.deadLetters().stream()
        .filter(
            r ->
                Long.toString(trigger.offset())
                        .equals(ExecutorHarness.header(r, DeadLetterHeaders.ORIGIN_OFFSET))
                    && Integer.toString(trigger.partition())
                        .equals(ExecutorHarness.header(r, DeadLetterHeaders.ORIGIN_PARTITION)))
        .findFirst()
        .orElse(null);
  }

  /** Everything the executor published about an invocation, as text. */
  private static String shown(Invocation invocation) {
    StringBuilder text = new StringBuilder();
    for (StatusEvent event : harness.events(invocation.getInvocationId())) {
      text.append(AvroJson.toJson(event)).append('\n');
    }
    ConsumerRecord<byte[], byte[]> letter = deadLetter(invocation);
    text.append(new String(letter.value(), StandardCharsets.UTF_8));
    letter.headers().forEach(h -> text.append(new String(h.value(), StandardCharsets.UTF_8)));
    return text.toString();
  }
}

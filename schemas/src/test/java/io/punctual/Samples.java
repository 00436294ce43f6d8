package io.punctual;

import java.time.Instant;
import java.util.Map;

/** Sample records covering every schedule kind and both targets. */
public final class Samples {
  public static final Instant AT = Instant.parse("2026-03-08T07:00:00Z");

  private Samples() {}

  public static TimerDefinition cronTimer() {
    return TimerDefinition.newBuilder()
        .setId("invoice-42-reminder")
        .setNamespace("billing")
        .setSchedule(
            CronSchedule.newBuilder()
                .setCron("0 9 * * MON-FRI")
                .setDialect(CronDialect.UNIX)
                .setTimeZone("Europe/Paris")
                .build())
        .setTarget(httpTarget())
        .setRetry(
            RetryPolicy.newBuilder()
                .setMaxAttempts(5)
                .setInitialBackoff("PT1S")
                .setMultiplier(2.5)
                .setMaxBackoff("PT5M")
                .build())
        .setMisfire(MisfirePolicy.FIRE_ALL)
        .setConcurrency(ConcurrencyPolicy.FORBID)
        .setPaused(true)
        .setStartAt(AT)
        .setEndAt(AT.plusMillis(86_400_123L))
        .setMaxFirings(10L)
        .setJitter("PT5S")
        .setLabels(Map.of("team", "billing", "tier", "gold"))
        .build();
  }

  public static TimerDefinition atTimer() {
    return TimerDefinition.newBuilder()
        .setSchedule(AtSchedule.newBuilder().setAt(AT.plusMillis(250)).build())
        .setTarget(kafkaTarget())
        .build();
  }

  public static TimerDefinition afterTimer() {
    return TimerDefinition.newBuilder()
        .setSchedule(AfterSchedule.newBuilder().setAfter("PT15M").build())
        .setTarget(httpTarget())
        .build();
  }

  public static TimerDefinition everyTimer() {
    return TimerDefinition.newBuilder()
        .setSchedule(
            EverySchedule.newBuilder()
                .setEvery("PT1M")
                .setMode(EveryMode.FIXED_DELAY)
                .setStartAt(AT)
                .build())
        .setTarget(kafkaTarget())
        .build();
  }

  public static HttpTarget httpTarget() {
    return HttpTarget.newBuilder()
        .setMethod("POST")
        .setUrl("https://billing.example/remind")
        .setHeaders(Map.of("Content-Type", "application/json"))
        .setBody("{\"invoice\":42}")
        .build();
  }

  public static KafkaTarget kafkaTarget() {
    return KafkaTarget.newBuilder()
        .setTopic("reminders")
        .setKey("invoice-42")
        .setValue("{\"remind\":true}")
        .setHeaders(Map.of("source", "punctual"))
        .build();
  }

  public static Invocation invocation() {
    return Invocation.newBuilder()
        .setInvocationId("invoice-42-reminder@1772953200000")
        .setTimerId("invoice-42-reminder")
        .setNamespace("billing")
        .setScheduledAt(AT)
        .setEmittedAt(AT.minusMillis(1500))
        .setAttempt(2)
        .setTarget(httpTarget())
        .setConcurrency(ConcurrencyPolicy.REPLACE)
        .setCoalesced(3)
        .setLabels(Map.of("team", "billing"))
        .build();
  }

  public static StatusEvent statusEvent() {
    return StatusEvent.newBuilder()
        .setType(StatusType.SUCCEEDED)
        .setTimerId("invoice-42-reminder")
        .setInvocationId("invoice-42-reminder@1772953200000")
        .setAttempt(1)
        .setAt(AT.plusMillis(42))
        .setScheduledAt(AT)
        .setLatenessMillis(3L)
        .setHttpStatus(204)
        .build();
  }
}

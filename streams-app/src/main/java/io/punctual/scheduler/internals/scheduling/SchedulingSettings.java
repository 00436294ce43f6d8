package io.punctual.scheduler.internals.scheduling;

import java.time.Duration;

/** The settings the scheduling processors work with, taken from the scheduler configuration. */
public record SchedulingSettings(
    Duration punctuateInterval,
    long punctuateBudgetMs,
    long lookaheadMs,
    long misfireThresholdMs,
    int misfireFireAllMax,
    int misfireMaxEvents,
    int backfillMaxFirings,
    int historySize,
    String instance,
    KafkaDeliveries.Targets kafkaTargets) {}

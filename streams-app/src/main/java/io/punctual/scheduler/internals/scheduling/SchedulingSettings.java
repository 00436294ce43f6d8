package io.punctual.scheduler.internals.scheduling;

import io.punctual.scheduler.SchedulerActivity;
import java.time.Duration;

/**
 * The settings the scheduling processors work with, taken from the scheduler configuration, and the
 * instance's activity log, where the status events they keep are counted.
 */
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
    KafkaDeliveries.Targets kafkaTargets,
    SchedulerActivity activity) {}

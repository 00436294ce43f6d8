package io.punctual.scheduler.internals;

import java.time.Duration;

/** The settings the scheduling processor works with, taken from the scheduler configuration. */
public record SchedulingSettings(
    Duration punctuateInterval,
    long punctuateBudgetMs,
    long lookaheadMs,
    long misfireThresholdMs,
    int misfireFireAllMax,
    int misfireMaxEvents,
    String instance) {}

package io.punctual.scheduler.internals.delay;

import io.punctual.contract.TopicAllowlist;
import java.time.Duration;

/**
 * The settings of delayed records.
 *
 * @param delayTopic the delay topic
 * @param destinations the topics records may be delivered to
 * @param maxHorizonMs the longest wait from intake to instant
 * @param maxRecordBytes the largest record, as delivered
 * @param punctuateInterval how often due records are looked for
 * @param punctuateBudgetMs how long one look may deliver before input gets the thread back
 * @param statusEvents whether delayed records have status events ({@link DelayEvents})
 * @param instance the name of this instance in those events
 */
public record DelaySettings(
    String delayTopic,
    TopicAllowlist destinations,
    long maxHorizonMs,
    int maxRecordBytes,
    Duration punctuateInterval,
    long punctuateBudgetMs,
    boolean statusEvents,
    String instance) {}

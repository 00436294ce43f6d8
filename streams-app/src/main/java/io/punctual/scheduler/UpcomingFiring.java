package io.punctual.scheduler;

import java.time.Instant;

/**
 * A firing waiting in a scheduler instance's due index.
 *
 * @param timerId the timer
 * @param invocationId the invocation it will emit: {@code <timerId>@<dueEpochMillis>} for a regular
 *     firing, the retried invocation's id for a retry
 * @param dueAt when it is due (it may be emitted up to {@code punctual.lookahead.ms} before)
 * @param attempt 1 for a regular firing, the attempt number for a retry
 */
public record UpcomingFiring(String timerId, String invocationId, Instant dueAt, int attempt) {}

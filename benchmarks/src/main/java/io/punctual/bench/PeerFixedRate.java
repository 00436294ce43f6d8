package io.punctual.bench;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.schedule.Schedule;
import java.time.Duration;
import java.time.Instant;

/**
 * A fixed-rate schedule for db-scheduler, which ships none: the next instant is the previous
 * scheduled one plus the period, however late the execution ran, so every instant is executed (late
 * if need be), as Quartz's simple trigger and Punctual's {@code every} do. Its cron schedule is no
 * substitute: cron-utils computes "* * * * * *" as one second after the completion, millisecond
 * included, so the instants drift by each execution's lateness.
 */
final class PeerFixedRate implements Schedule {
  private final long periodMs;

  PeerFixedRate(Duration period) {
    this.periodMs = period.toMillis();
  }

  @Override
  public Instant getNextExecutionTime(ExecutionComplete complete) {
    if (complete.getExecution() == null) {
      long done = complete.getTimeDone().toEpochMilli();
      return Instant.ofEpochMilli((done / periodMs + 1) * periodMs);
    }
    return complete.getExecution().executionTime.plusMillis(periodMs);
  }

  @Override
  public boolean isDeterministic() {
    return true;
  }
}

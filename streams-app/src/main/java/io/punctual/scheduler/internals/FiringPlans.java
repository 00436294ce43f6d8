package io.punctual.scheduler.internals;

import io.punctual.AfterSchedule;
import io.punctual.AtSchedule;
import io.punctual.CronSchedule;
import io.punctual.EveryMode;
import io.punctual.EverySchedule;
import io.punctual.InvalidTimerException;
import io.punctual.TimerDefinition;
import io.punctual.scheduler.schedule.CronSequence;
import io.punctual.scheduler.schedule.Durations;
import io.punctual.scheduler.schedule.FiringSequence;
import io.punctual.scheduler.schedule.FixedRateSequence;
import io.punctual.scheduler.schedule.SingleInstant;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds {@link FiringPlan}s from definitions. Parsed cron expressions are shared through a bounded
 * cache, since many timers use the same few expressions. One instance per stream task.
 */
public final class FiringPlans {
  private static final int CRON_CACHE_SIZE = 4096;

  private final Map<CronSchedule, CronSequence> crons =
      new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<CronSchedule, CronSequence> eldest) {
          return size() > CRON_CACHE_SIZE;
        }
      };

  /**
   * The plan of a timer whose schedule came into force at {@code anchor}.
   *
   * @throws InvalidTimerException when the schedule or its window is invalid
   */
  public FiringPlan plan(String timerId, TimerDefinition definition, long anchor) {
    Object schedule = definition.getSchedule();
    FiringSequence sequence;
    boolean recurring;
    if (schedule instanceof CronSchedule cron) {
      sequence = cron(cron);
      recurring = true;
    } else if (schedule instanceof AtSchedule at) {
      sequence = new SingleInstant(at.getAt());
      recurring = false;
    } else if (schedule instanceof AfterSchedule after) {
      Duration delay = Durations.parse("schedule.after", after.getAfter(), true);
      sequence = new SingleInstant(Instant.ofEpochMilli(anchor).plus(delay));
      recurring = false;
    } else if (schedule instanceof EverySchedule every) {
      sequence = every(every, anchor);
      recurring = true;
    } else {
      throw new InvalidTimerException("schedule", "unknown schedule kind " + schedule);
    }
    Duration jitter = Durations.parse("jitter", definition.getJitter(), true);
    return new FiringPlan(
        timerId,
        sequence,
        recurring,
        definition.getStartAt(),
        definition.getEndAt(),
        definition.getMaxFirings(),
        jitter);
  }

  private CronSequence cron(CronSchedule cron) {
    CronSequence cached = crons.get(cron);
    if (cached == null) {
      cached = CronSequence.parse(cron.getCron(), cron.getDialect(), cron.getTimeZone());
      crons.put(cron, cached);
    }
    return cached;
  }

  private static FiringSequence every(EverySchedule every, long anchor) {
    Duration period = Durations.parse("schedule.every", every.getEvery(), false);
    if (every.getMode() != EveryMode.FIXED_RATE) {
      throw new InvalidTimerException(
          "schedule.mode",
          every.getMode()
              + " is not supported by this scheduler version; use FIXED_RATE (FIXED_DELAY needs"
              + " executor outcomes)");
    }
    Instant first =
        every.getStartAt() != null ? every.getStartAt() : Instant.ofEpochMilli(anchor).plus(period);
    return new FixedRateSequence(first, period);
  }
}

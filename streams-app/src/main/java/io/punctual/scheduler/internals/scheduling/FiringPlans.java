package io.punctual.scheduler.internals.scheduling;

import io.punctual.AfterSchedule;
import io.punctual.AtSchedule;
import io.punctual.ConcurrencyPolicy;
import io.punctual.CronSchedule;
import io.punctual.EveryMode;
import io.punctual.EverySchedule;
import io.punctual.InvalidTimerException;
import io.punctual.TimerDefinition;
import io.punctual.contract.DurationRule;
import io.punctual.contract.Limits;
import io.punctual.scheduler.internals.state.TimerState;
import io.punctual.scheduler.schedule.CronSequence;
import io.punctual.scheduler.schedule.FiringSequence;
import io.punctual.scheduler.schedule.FixedRateSequence;
import io.punctual.scheduler.schedule.SingleInstant;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds {@link FiringPlan}s from definitions. Parsed cron expressions are shared through a bounded
 * cache, since many timers use the same few expressions. One instance per processor.
 */
public final class FiringPlans {
  private static final int CRON_CACHE_SIZE = 4096;
  private static final int DURATION_CACHE_SIZE = 1024;

  private final Map<CronSchedule, CronSequence> crons =
      new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<CronSchedule, CronSequence> eldest) {
          return size() > CRON_CACHE_SIZE;
        }
      };

  private final Map<String, Duration> durations =
      new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Duration> eldest) {
          return size() > DURATION_CACHE_SIZE;
        }
      };

  /**
   * The plan of a timer whose schedule came into force at {@code anchor} and has no outcome yet.
   *
   * @throws InvalidTimerException when the schedule or its window is invalid
   */
  public FiringPlan plan(String timerId, TimerDefinition definition, long anchor) {
    return plan(timerId, definition, anchor, TimerState.NONE);
  }

  /** The plan of a timer in this state. */
  public FiringPlan plan(String timerId, TimerState state) {
    return plan(timerId, state.definition(), state.anchor(), state.lastOutcome());
  }

  /**
   * The plan of a timer whose schedule came into force at {@code anchor}, and whose last awaited
   * invocation finished at {@code lastOutcome} ({@link TimerState#NONE} if none did).
   *
   * @throws InvalidTimerException when the schedule or its window is invalid
   */
  FiringPlan plan(String timerId, TimerDefinition definition, long anchor, long lastOutcome) {
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
      Duration delay = duration(DurationRule.AFTER, after.getAfter());
      sequence = new SingleInstant(Instant.ofEpochMilli(anchor).plus(delay));
      recurring = false;
    } else if (schedule instanceof EverySchedule every) {
      sequence = every(every, anchor, lastOutcome);
      recurring = true;
    } else {
      throw new InvalidTimerException("schedule", "unknown schedule kind " + schedule);
    }
    Duration jitter = duration(DurationRule.JITTER, definition.getJitter());
    return new FiringPlan(
        timerId,
        sequence,
        recurring,
        definition.getStartAt(),
        definition.getEndAt(),
        definition.getMaxFirings(),
        jitter,
        awaitsOutcome(definition),
        concurrencyOf(definition));
  }

  /** Whether the timer's next instant depends on the outcome of its previous invocation. */
  public static boolean awaitsOutcome(TimerDefinition definition) {
    return definition.getSchedule() instanceof EverySchedule every
        && every.getMode() == EveryMode.FIXED_DELAY;
  }

  /**
   * The concurrency policy the timer's firings are sent under: its own, except that a fixed-delay
   * timer never overlaps itself (its next instant waits for the previous outcome, and a misfire
   * catch-up sends one invocation at most), which is {@code FORBID}.
   */
  public static ConcurrencyPolicy concurrencyOf(TimerDefinition definition) {
    return awaitsOutcome(definition) ? ConcurrencyPolicy.FORBID : definition.getConcurrency();
  }

  /**
   * A duration of a definition, parsed once per distinct field and text: every firing re-plans its
   * timer, and most timers share a few durations.
   */
  private Duration duration(DurationRule rule, String text) {
    if (text == null) {
      return rule.parse(null);
    }
    String key = rule.field() + '\u0000' + text;
    Duration cached = durations.get(key);
    if (cached == null) {
      cached = rule.parse(text);
      durations.put(key, cached);
    }
    return cached;
  }

  private CronSequence cron(CronSchedule cron) {
    CronSequence cached = crons.get(cron);
    if (cached == null) {
      cached = CronSequence.parse(cron.getCron(), cron.getDialect(), cron.getTimeZone());
      crons.put(cron, cached);
    }
    return cached;
  }

  /**
   * Fixed rate: every period from the start. Fixed delay: the same until an awaited invocation
   * finishes, then every period from one period after its outcome; the timer waits for each outcome
   * (see {@link FiringPlan#awaitsOutcome()}), so only the first instant of that rhythm fires unless
   * misfires skip some.
   */
  private FiringSequence every(EverySchedule every, long anchor, long lastOutcome) {
    Duration period = duration(DurationRule.EVERY, every.getEvery());
    if (every.getMode() != EveryMode.FIXED_RATE && every.getMode() != EveryMode.FIXED_DELAY) {
      throw new InvalidTimerException("schedule.mode", "unknown mode " + every.getMode());
    }
    Instant first;
    if (every.getMode() == EveryMode.FIXED_DELAY
        && lastOutcome != TimerState.NONE
        && lastOutcome <= Limits.LATEST.toEpochMilli()) {
      first = Instant.ofEpochMilli(lastOutcome).plus(period);
    } else if (every.getStartAt() != null) {
      first = every.getStartAt();
    } else {
      first = Instant.ofEpochMilli(anchor).plus(period);
    }
    return new FixedRateSequence(first, period);
  }
}

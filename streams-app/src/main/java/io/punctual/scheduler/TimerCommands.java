package io.punctual.scheduler;

import io.punctual.CommandType;
import io.punctual.InvocationHeaders;
import io.punctual.TimerCommand;
import io.punctual.TimerDefinition;
import io.punctual.scheduler.internals.scheduling.FiringPlans;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Builds the {@link TimerCommand} values a client produces to {@code <prefix>.commands}, keyed by
 * the timer id ({@link Topics#commands()}), with a fresh command id each. The scheduler task that
 * owns the timer applies them:
 *
 * <ul>
 *   <li>{@link #trigger}: fire now without moving the schedule, as invocation {@code
 *       <timerId>@manual-<commandId>};
 *   <li>{@link #backfill}: fire each instant of the schedule in a past range, at most {@code
 *       punctual.backfill.max.firings} of them (check with {@link #countInstants} first);
 *   <li>{@link #pause}, {@link #resume}: stop and restart firing until the next definition record.
 * </ul>
 *
 * <p>Thread-safe; it owns no producer.
 */
public final class TimerCommands {
  private final Clock clock;
  private final Supplier<String> commandIds;

  /** Commands stamped by {@code clock}, with random UUIDs as command ids. */
  public TimerCommands(Clock clock) {
    this(clock, () -> UUID.randomUUID().toString());
  }

  /** Commands stamped by {@code clock}, with ids from {@code commandIds} (unique per timer). */
  public TimerCommands(Clock clock, Supplier<String> commandIds) {
    this.clock = clock;
    this.commandIds = commandIds;
  }

  /**
   * A {@code TRIGGER} command and the id of the invocation it fires.
   *
   * @param command the value to produce
   * @param invocationId {@code <timerId>@manual-<commandId>}
   */
  public record Trigger(TimerCommand command, String invocationId) {}

  /** A command to fire the timer now; {@code requestedBy} may be null. */
  public Trigger trigger(String timerId, String requestedBy) {
    TimerCommand command = command(CommandType.TRIGGER, timerId, requestedBy).build();
    return new Trigger(command, manualInvocationId(timerId, command.getCommandId()));
  }

  /** A command to fire every instant of the timer's schedule in {@code [from, to]} (past). */
  public TimerCommand backfill(String timerId, Instant from, Instant to, String requestedBy) {
    return command(CommandType.BACKFILL, timerId, requestedBy).setFrom(from).setTo(to).build();
  }

  /** A command to pause the timer. */
  public TimerCommand pause(String timerId, String requestedBy) {
    return command(CommandType.PAUSE, timerId, requestedBy).build();
  }

  /** A command to resume the timer; the misfire policy decides about what fell due meanwhile. */
  public TimerCommand resume(String timerId, String requestedBy) {
    return command(CommandType.RESUME, timerId, requestedBy).build();
  }

  /** The invocation id a {@code TRIGGER} command fires: {@code <timerId>@manual-<commandId>}. */
  public static String manualInvocationId(String timerId, String commandId) {
    return InvocationHeaders.manualInvocationId(timerId, commandId);
  }

  /**
   * How many instants of the timer's schedule fall in {@code [from, to]} (within its window,
   * whatever its firing count), counting no further than {@code limit}: a backfill of the range
   * fires that many, and is refused when it exceeds {@code punctual.backfill.max.firings} — count
   * with {@code limit = max + 1} to tell.
   *
   * @param anchor when the schedule came into force ({@link TimerView#anchor()}); only {@code
   *     after} and {@code every} without a start depend on it
   * @throws io.punctual.InvalidTimerException when the definition's schedule is invalid
   */
  public static int countInstants(
      String timerId,
      TimerDefinition definition,
      Instant anchor,
      Instant from,
      Instant to,
      int limit) {
    return new FiringPlans()
        .plan(timerId, definition, anchor.toEpochMilli())
        .instantsBetween(from, to, limit)
        .size();
  }

  private TimerCommand.Builder command(CommandType type, String timerId, String requestedBy) {
    return TimerCommand.newBuilder()
        .setType(type)
        .setTimerId(timerId)
        .setCommandId(commandIds.get())
        .setRequestedAt(clock.instant())
        .setRequestedBy(requestedBy);
  }
}

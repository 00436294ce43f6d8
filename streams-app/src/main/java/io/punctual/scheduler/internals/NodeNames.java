package io.punctual.scheduler.internals;

/** Names of every node and store of the scheduler topology: they appear in topology-docs. */
public final class NodeNames {
  public static final String TIMERS_SOURCE = "timers-source";
  public static final String TIMER_INTAKE = "timer-intake";
  public static final String TIMER_SCHEDULER = "timer-scheduler";
  public static final String STATUS_SOURCE = "status-source";
  public static final String OUTCOME_FEEDBACK = "outcome-feedback";
  public static final String COMMANDS_SOURCE = "commands-source";
  public static final String COMMAND_INTAKE = "command-intake";
  public static final String TIMER_COMMANDS = "timer-commands";
  public static final String TRIGGERS_SINK = "triggers-sink";
  public static final String STATUS_SINK = "status-sink";
  public static final String DEAD_LETTERS_SINK = "dead-letters-sink";
  public static final String KAFKA_TARGETS_SINK = "kafka-targets-sink";
  public static final String DELAYED_SOURCE = "delayed-source";
  public static final String DELAY_SCHEDULER = "delay-scheduler";
  public static final String DELIVERIES_SINK = "deliveries-sink";
  public static final String DELAYED_DEAD_LETTERS_SINK = "delayed-dead-letters-sink";
  public static final String DELAYED_STATUS_SINK = "delayed-status-sink";

  /** Timer id → {@code TimerState}. Changelog: {@code <application.id>-timers-changelog}. */
  public static final String TIMERS_STORE = "timers";

  /**
   * {@code (dueEpochMillis, timerId)} → marker, and {@code (dueEpochMillis, timerId, 0x00,
   * invocationId)} → attempt for a retry. Changelog: {@code <application.id>-due-index-changelog}.
   */
  public static final String DUE_INDEX_STORE = "due-index";

  /**
   * The last status events of each timer: {@code (timerId, 0x00, Long.MAX_VALUE - at,
   * Long.MAX_VALUE - offset)} → the event in Avro binary, newest first per timer (the offset of the
   * status record read, or 2^62 plus a sequence for an event the scheduler kept as it published
   * it), and {@code (timerId, 0x01)} → the timer's event count. Changelog: {@code
   * <application.id>-history-changelog}.
   */
  public static final String HISTORY_STORE = "history";

  /**
   * Delayed records by {@code (0x00, at, offset)}, and their ids: {@code (0x01, offset)} for the
   * default id, {@code (0x02, key length, key, delay id)} for a named one. Changelog: {@code
   * <application.id>-delayed-records-changelog}.
   */
  public static final String DELAYED_STORE = "delayed-records";

  private NodeNames() {}
}

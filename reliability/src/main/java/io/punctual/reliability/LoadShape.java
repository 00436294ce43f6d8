package io.punctual.reliability;

import java.time.Duration;

/**
 * How many timers of each kind a fault run defines.
 *
 * @param crons cron timers (Quartz with seconds, or UNIX), in six zones with and without DST
 * @param rates fixed-rate timers, every 1 to 2 s
 * @param delays fixed-delay timers, 1 s after each outcome
 * @param oneShots {@code at} timers due across the run
 * @param retries {@code at} timers whose first attempt fails, retried through the scheduler
 * @param aftersPerSecond {@code after} timers defined each second of the run
 * @param pause the longest pause of a paused timer
 */
record LoadShape(
    int crons,
    int rates,
    int delays,
    int oneShots,
    int retries,
    double aftersPerSecond,
    Duration pause) {
  // firings per second of one timer, on average over the workload's expressions and periods
  private static final double CRON_RATE =
      (1 + 1 / 2.0 + 1 / 3.0 + 1 / 4.0 + 1 / 5.0 + 1 / 60.0) / 6;
  private static final double RATE_RATE = (1 + 1 / 2.0 + 1 / 1.5) / 3;
  private static final double DELAY_RATE = 0.8;

  /**
   * About {@code perSecond} firings a second over {@code span}: a quarter cron, 30 % fixed rate, 15
   * % fixed delay, 22 % {@code at}, 7 % {@code after}, 1 % retried.
   */
  static LoadShape of(double perSecond, Duration span, Duration pause) {
    double seconds = span.toSeconds();
    return new LoadShape(
        (int) Math.ceil(0.25 * perSecond / CRON_RATE),
        (int) Math.ceil(0.30 * perSecond / RATE_RATE),
        (int) Math.ceil(0.15 * perSecond / DELAY_RATE),
        (int) (0.22 * perSecond * seconds),
        (int) (0.005 * perSecond * seconds),
        0.07 * perSecond,
        pause);
  }
}

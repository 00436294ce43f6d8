package io.punctual.bench;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.VoidExecutionHandler;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Scenario 6's db-scheduler JVM: a {@link PeerWorkload} of no-op tasks on PostgreSQL, with the
 * settings db-scheduler documents for high throughput: the {@code lock-and-fetch} polling strategy
 * ({@code select … for update skip locked}, one statement less per execution), 20 threads with
 * lower and upper limits 4.0 and 20.0 (the configuration of its published benchmark that reached
 * 10,600 executions/s with 20 threads), a connection pool a little larger than the threads.
 * One-shot tasks are {@code Tasks.oneTime}; recurring ones one {@code Tasks.recurring} task with a
 * fixed-rate schedule ({@link PeerFixedRate}), with one instance per task.
 */
public final class PeerDbSchedulerMain {
  static final int THREADS = 20;
  static final double LOWER_LIMIT_FRACTION_OF_THREADS = 4.0;
  static final double UPPER_LIMIT_FRACTION_OF_THREADS = 20.0;

  /**
   * How often it looks for due executions when the last fetch was not a full batch (default 10 s):
   * its lateness cannot be better than this, so it is set well below the recurring period.
   */
  static final Duration POLLING_INTERVAL = Duration.ofMillis(500);

  static final int POOL_SIZE = THREADS + 5;
  private static final int LOAD_BATCH = 1_000;

  private PeerDbSchedulerMain() {}

  public static void main(String[] args) throws Exception {
    PeerHarness.run(args, DbSchedulerPeer::new);
  }

  private static final class DbSchedulerPeer implements PeerHarness.Peer {
    private final PeerWorkload workload;
    private final HikariDataSource dataSource;
    private final Task<Void> task;
    private Scheduler scheduler;

    DbSchedulerPeer(PeerWorkload workload, PeerRecorder recorder) {
      this.workload = workload;
      HikariConfig pool = new HikariConfig();
      pool.setJdbcUrl(workload.jdbcUrl());
      pool.setMaximumPoolSize(POOL_SIZE);
      this.dataSource = new HikariDataSource(pool);
      VoidExecutionHandler<Void> noOp =
          (instance, context) ->
              recorder.record(
                  PeerWorkload.index(instance.getId()),
                  context.getExecution().executionTime.toEpochMilli());
      this.task =
          workload.recurring()
              ? Tasks.recurring(
                      "noop-recurring", new PeerFixedRate(Duration.ofMillis(workload.periodMs())))
                  .doNotScheduleOnStartup()
                  .execute(noOp)
              : Tasks.oneTime("noop").execute(noOp);
    }

    @Override
    public void load(int from, int count, long firstDue) {
      SchedulerClient client = SchedulerClient.Builder.create(dataSource, task).build();
      Instant due = Instant.ofEpochMilli(firstDue);
      List<TaskInstance<?>> batch = new ArrayList<>(LOAD_BATCH);
      for (int i = from; i < from + count; i++) {
        batch.add(task.instance(PeerWorkload.id(i)));
        if (batch.size() == LOAD_BATCH || i == from + count - 1) {
          client.scheduleBatch(batch, due);
          batch.clear();
        }
      }
    }

    @Override
    public void start() {
      scheduler =
          Scheduler.create(dataSource, task)
              .schedulerName(new SchedulerName.Fixed("bench-db-scheduler"))
              .threads(THREADS)
              .pollUsingLockAndFetch(
                  LOWER_LIMIT_FRACTION_OF_THREADS, UPPER_LIMIT_FRACTION_OF_THREADS)
              .pollingInterval(POLLING_INTERVAL)
              .build();
      scheduler.start();
    }

    @Override
    public void stop() {
      scheduler.stop();
      dataSource.close();
    }
  }
}

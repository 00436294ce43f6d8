package io.punctual.bench;

import java.util.Date;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;

/**
 * Scenario 6's Quartz JVM: a {@link PeerWorkload} of no-op jobs in Quartz's clustered JDBC job
 * store ({@code JobStoreTX}, {@code isClustered=true}) on PostgreSQL. Settings for throughput as
 * Quartz's configuration reference describes them: triggers acquired in batches ({@code
 * batchTriggerAcquisitionMaxCount}, which then requires {@code acquireTriggersWithinLock}), a
 * thread pool as large as a batch (a batch is never larger than the free threads), and a connection
 * pool of threads + 3 as its JDBC job store tips ask. The misfire threshold is set above any run,
 * so that every instant fires, late if need be, and its lateness is measured against the instant
 * rather than against a misfire-rescheduled one. One durable job; each task is a trigger: a {@code
 * SimpleTrigger} at the instant (one-shot) or every period {@code instants} times (recurring,
 * Quartz's fixed rate).
 */
public final class PeerQuartzMain {
  static final int THREADS = 50;
  static final int BATCH = THREADS;
  static final int POOL_SIZE = THREADS + 3;
  static final long MISFIRE_THRESHOLD_MS = 3_600_000;
  private static final int LOAD_BATCH = 1_000;

  private static volatile PeerRecorder recorder;

  private PeerQuartzMain() {}

  public static void main(String[] args) throws Exception {
    PeerHarness.run(args, QuartzPeer::new);
  }

  /** The no-op job: records its trigger's task and scheduled instant. */
  public static final class NoOpJob implements Job {
    @Override
    public void execute(JobExecutionContext context) {
      recorder.record(
          PeerWorkload.index(context.getTrigger().getKey().getName()),
          context.getScheduledFireTime().getTime());
    }
  }

  static Properties settings(String jdbcUrl) {
    Properties settings = new Properties();
    settings.putAll(
        Map.ofEntries(
            Map.entry("org.quartz.scheduler.instanceName", "bench-quartz"),
            Map.entry("org.quartz.scheduler.instanceId", "AUTO"),
            Map.entry("org.quartz.scheduler.skipUpdateCheck", "true"),
            Map.entry("org.quartz.scheduler.batchTriggerAcquisitionMaxCount", "" + BATCH),
            Map.entry("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool"),
            Map.entry("org.quartz.threadPool.threadCount", "" + THREADS),
            Map.entry("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX"),
            Map.entry(
                "org.quartz.jobStore.driverDelegateClass",
                "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate"),
            Map.entry("org.quartz.jobStore.dataSource", "bench"),
            Map.entry("org.quartz.jobStore.isClustered", "true"),
            Map.entry("org.quartz.jobStore.acquireTriggersWithinLock", "true"),
            Map.entry("org.quartz.jobStore.misfireThreshold", "" + MISFIRE_THRESHOLD_MS),
            Map.entry("org.quartz.dataSource.bench.provider", "hikaricp"),
            Map.entry("org.quartz.dataSource.bench.driver", "org.postgresql.Driver"),
            Map.entry("org.quartz.dataSource.bench.URL", jdbcUrl),
            Map.entry("org.quartz.dataSource.bench.user", PostgresServer.SUPERUSER),
            Map.entry("org.quartz.dataSource.bench.password", ""),
            Map.entry("org.quartz.dataSource.bench.maxConnections", "" + POOL_SIZE)));
    return settings;
  }

  private static final class QuartzPeer implements PeerHarness.Peer {
    private final PeerWorkload workload;
    private final Scheduler scheduler;

    QuartzPeer(PeerWorkload workload, PeerRecorder recorder) {
      this.workload = workload;
      PeerQuartzMain.recorder = recorder;
      try {
        this.scheduler = new StdSchedulerFactory(settings(workload.jdbcUrl())).getScheduler();
      } catch (org.quartz.SchedulerException e) {
        throw new IllegalStateException("Quartz did not start", e);
      }
    }

    /** Stores the triggers while the scheduler is in standby (created, not started). */
    @Override
    public void load(int from, int count, long firstDue) throws Exception {
      JobDetail job = JobBuilder.newJob(NoOpJob.class).withIdentity("noop").storeDurably().build();
      Set<Trigger> batch = new HashSet<>();
      for (int i = from; i < from + count; i++) {
        batch.add(trigger(i, job, firstDue));
        if (batch.size() == LOAD_BATCH || i == from + count - 1) {
          scheduler.scheduleJobs(Map.<JobDetail, Set<? extends Trigger>>of(job, batch), true);
          batch = new HashSet<>();
        }
      }
    }

    private Trigger trigger(int i, JobDetail job, long firstDue) {
      SimpleScheduleBuilder schedule = SimpleScheduleBuilder.simpleSchedule();
      if (workload.recurring()) {
        schedule =
            schedule
                .withIntervalInMilliseconds(workload.periodMs())
                .withRepeatCount(workload.warmUpInstants() + workload.instants() - 1);
      }
      return TriggerBuilder.newTrigger()
          .withIdentity(PeerWorkload.id(i))
          .forJob(job)
          .startAt(new Date(firstDue))
          .withSchedule(schedule)
          .build();
    }

    @Override
    public void start() throws Exception {
      scheduler.start();
    }

    @Override
    public void stop() throws Exception {
      scheduler.shutdown(true);
    }
  }
}

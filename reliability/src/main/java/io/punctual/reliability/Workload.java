package io.punctual.reliability;

import io.punctual.AfterSchedule;
import io.punctual.AtSchedule;
import io.punctual.CronDialect;
import io.punctual.CronSchedule;
import io.punctual.EveryMode;
import io.punctual.EverySchedule;
import io.punctual.HttpTarget;
import io.punctual.KafkaTarget;
import io.punctual.MisfirePolicy;
import io.punctual.RetryPolicy;
import io.punctual.TimerDefinition;
import io.punctual.json.AvroJson;
import io.punctual.scheduler.TimerCommands;
import io.punctual.scheduler.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The timers of a fault run, of every schedule kind, and what happens to them while they are due:
 * their target updated, their schedule changed, paused and resumed (by definition and by command),
 * deleted and created again, one-shots moved or deleted just before their instant. Every definition
 * carries its version in the label {@value #VERSION_LABEL}, so the checker can tell which
 * definition emitted a trigger. The checker learns everything else from the topics.
 */
final class Workload implements AutoCloseable {
  /** Label holding the definition's version, 1 for the first. */
  static final String VERSION_LABEL = "v";

  /** What a timer is. */
  enum Kind {
    CRON,
    RATE,
    DELAY,
    AT,
    AFTER,
    RETRY
  }

  /** What happened to a timer while it was due. */
  enum Mutation {
    TARGET_UPDATE,
    SCHEDULE_UPDATE,
    PAUSE_BY_DEFINITION,
    RESUME_BY_DEFINITION,
    PAUSE_BY_COMMAND,
    RESUME_BY_COMMAND,
    DELETE,
    RECREATE,
    MOVE_BEFORE_DUE,
    DELETE_BEFORE_DUE
  }

  private static final String[] CRONS = {
    "* * * * * ?", "*/2 * * * * ?", "1/3 * * * * ?", "0/4 * * * * ?", "*/5 * * * * ?", "* * * * *"
  };
  private static final String[] ZONES = {
    "Europe/Paris",
    "America/New_York",
    "Australia/Lord_Howe",
    "America/Santiago",
    "Asia/Kolkata",
    "UTC"
  };
  private static final String[] PERIODS = {"PT1S", "PT2S", "PT1.5S"};
  private static final MisfirePolicy[] MISFIRES = {
    MisfirePolicy.FIRE_ONCE, MisfirePolicy.FIRE_ALL, MisfirePolicy.SKIP
  };
  private static final Duration MIN_SPACING = Duration.ofSeconds(5);

  /** One timer as the workload last defined it. */
  private static final class Timer {
    final String id;
    final Kind kind;
    final int index;
    TimerDefinition definition;
    int version;
    Mutation paused;
    long resumeAt;
    boolean deleted;
    long changedAt;

    Timer(String id, Kind kind, int index) {
      this.id = id;
      this.kind = kind;
      this.index = index;
    }

    boolean recurring() {
      return kind == Kind.CRON || kind == Kind.RATE || kind == Kind.DELAY;
    }
  }

  private final KafkaProducer<String, byte[]> producer;
  private final Topics topics;
  private final String targetUrl;
  private final String deliveries;
  private final LoadShape shape;
  private final Random random;
  private final TimerCommands commands = new TimerCommands(Clock.systemUTC());
  private final List<Timer> recurring = new ArrayList<>();
  private final NavigableMap<Long, List<Timer>> oneShotsByInstant = new TreeMap<>();
  private final Map<Mutation, Integer> mutations = new EnumMap<>(Mutation.class);
  private int afters;
  private int definitions;

  Workload(
      String bootstrap,
      Topics topics,
      String targetUrl,
      String deliveries,
      LoadShape shape,
      Random random) {
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                5,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                600_000),
            new StringSerializer(),
            new ByteArraySerializer());
    this.topics = topics;
    this.targetUrl = targetUrl;
    this.deliveries = deliveries;
    this.shape = shape;
    this.random = random;
  }

  /**
   * Defines the recurring timers (firing from {@code start}) and the one-shots due in {@code
   * [start, end]}.
   */
  void defineInitial(Instant start, Instant end) {
    for (int i = 0; i < shape.crons(); i++) {
      Timer timer = new Timer("cron-" + i, Kind.CRON, i);
      timer.definition = cron(timer.id, i, CRONS[i % CRONS.length]);
      define(timer);
      recurring.add(timer);
    }
    for (int i = 0; i < shape.rates(); i++) {
      Timer timer = new Timer("rate-" + i, Kind.RATE, i);
      timer.definition =
          every(timer.id, i, PERIODS[i % PERIODS.length], EveryMode.FIXED_RATE, start);
      define(timer);
      recurring.add(timer);
    }
    for (int i = 0; i < shape.delays(); i++) {
      Timer timer = new Timer("delay-" + i, Kind.DELAY, i);
      timer.definition = every(timer.id, i, "PT1S", EveryMode.FIXED_DELAY, start);
      define(timer);
      recurring.add(timer);
    }
    long span = Duration.between(start, end).toMillis();
    for (int i = 0; i < shape.oneShots(); i++) {
      Timer timer = new Timer("at-" + i, Kind.AT, i);
      Instant at = start.plusMillis((long) (random.nextDouble() * span));
      timer.definition = base(timer.id, i, new AtSchedule(at)).build();
      define(timer);
      oneShotsByInstant.computeIfAbsent(at.toEpochMilli(), k -> new ArrayList<>()).add(timer);
    }
    for (int i = 0; i < shape.retries(); i++) {
      Timer timer = new Timer("retry-" + i, Kind.RETRY, i);
      Instant at = start.plusMillis((long) (random.nextDouble() * Math.max(1, span - 40_000)));
      timer.definition =
          TimerDefinition.newBuilder(base(timer.id, i, new AtSchedule(at)).build())
              .setTarget(http(TargetMain.FAIL_FIRST + "/" + timer.id))
              .setRetry(
                  RetryPolicy.newBuilder()
                      .setMaxAttempts(3)
                      .setInitialBackoff("PT15S")
                      .setMultiplier(1.0)
                      .setMaxBackoff("PT15S")
                      .build())
              .build();
      define(timer);
    }
    producer.flush();
  }

  /** Defines the {@code after} timers of one tick: each due a few seconds to a minute from now. */
  void defineAfters(int count) {
    for (int i = 0; i < count; i++) {
      int n = afters++;
      Timer timer = new Timer("after-" + n, Kind.AFTER, n);
      String delay = "PT" + (5 + random.nextInt(56)) + "S";
      timer.definition = base(timer.id, n, new AfterSchedule(delay)).build();
      define(timer);
    }
  }

  /** Resumes the timers whose pause is over, then changes one timer at random. */
  void mutate(long now) {
    for (Timer timer : recurring) {
      if (timer.paused != null && timer.resumeAt <= now) {
        resume(timer, now);
      }
    }
    int pick = random.nextInt(100);
    if (pick < 30) {
      mutateOneShot(pick < 15 ? Mutation.MOVE_BEFORE_DUE : Mutation.DELETE_BEFORE_DUE, now);
    } else {
      mutateRecurring(pick, now);
    }
  }

  /** Resumes every paused timer, so that nothing stays paused at the end of the run. */
  void resumeAll(long now) {
    for (Timer timer : recurring) {
      if (timer.paused != null) {
        resume(timer, now);
      }
    }
    producer.flush();
  }

  private void mutateRecurring(int pick, long now) {
    Timer timer = recurring.get(random.nextInt(recurring.size()));
    if (timer.paused != null || now - timer.changedAt < MIN_SPACING.toMillis()) {
      return;
    }
    if (timer.deleted) {
      timer.definition = withVersion(timer.definition, timer.version + 1);
      timer.deleted = false;
      define(timer);
      count(Mutation.RECREATE, timer, now);
      return;
    }
    if (pick < 55) {
      timer.definition = retarget(timer);
      define(timer);
      count(Mutation.TARGET_UPDATE, timer, now);
    } else if (pick < 70 && timer.kind != Kind.DELAY) {
      timer.definition = reschedule(timer);
      define(timer);
      count(Mutation.SCHEDULE_UPDATE, timer, now);
    } else if (pick < 80) {
      timer.definition =
          TimerDefinition.newBuilder(withVersion(timer.definition, timer.version + 1))
              .setPaused(true)
              .build();
      define(timer);
      pause(timer, Mutation.PAUSE_BY_DEFINITION, now);
    } else if (pick < 90) {
      send(topics.commands(), timer.id, commands.pause(timer.id, "fault-harness"));
      pause(timer, Mutation.PAUSE_BY_COMMAND, now);
    } else {
      send(topics.timers(), timer.id, null);
      timer.deleted = true;
      count(Mutation.DELETE, timer, now);
    }
  }

  private void mutateOneShot(Mutation mutation, long now) {
    var soon = oneShotsByInstant.subMap(now + 200, true, now + 3_000, true);
    if (soon.isEmpty()) {
      return;
    }
    var entry = soon.firstEntry();
    Timer timer = entry.getValue().remove(entry.getValue().size() - 1);
    if (entry.getValue().isEmpty()) {
      oneShotsByInstant.remove(entry.getKey());
    }
    if (mutation == Mutation.DELETE_BEFORE_DUE) {
      send(topics.timers(), timer.id, null);
    } else {
      Instant later = Instant.ofEpochMilli(entry.getKey() + 1_000 + random.nextInt(20_000));
      timer.definition =
          TimerDefinition.newBuilder(withVersion(timer.definition, timer.version + 1))
              .setSchedule(new AtSchedule(later))
              .build();
      define(timer);
    }
    count(mutation, timer, now);
  }

  private void pause(Timer timer, Mutation how, long now) {
    timer.paused = how;
    timer.resumeAt =
        now + shape.pause().toMillis() / 10 + random.nextLong(shape.pause().toMillis());
    count(how, timer, now);
  }

  private void resume(Timer timer, long now) {
    if (timer.paused == Mutation.PAUSE_BY_DEFINITION) {
      timer.definition =
          TimerDefinition.newBuilder(withVersion(timer.definition, timer.version + 1))
              .setPaused(false)
              .build();
      define(timer);
      count(Mutation.RESUME_BY_DEFINITION, timer, now);
    } else {
      send(topics.commands(), timer.id, commands.resume(timer.id, "fault-harness"));
      count(Mutation.RESUME_BY_COMMAND, timer, now);
    }
    timer.paused = null;
  }

  private void count(Mutation mutation, Timer timer, long now) {
    mutations.merge(mutation, 1, Integer::sum);
    timer.changedAt = now;
  }

  /** How many times each mutation was made. */
  Map<Mutation, Integer> mutations() {
    return new EnumMap<>(mutations);
  }

  /** Timer definitions written so far: first versions, updates and re-creations. */
  int definitions() {
    return definitions;
  }

  private TimerDefinition retarget(Timer timer) {
    TimerDefinition next = withVersion(timer.definition, timer.version + 1);
    Object target =
        next.getTarget() instanceof KafkaTarget
            ? kafka(timer.id, timer.version + 1)
            : http("/t/" + timer.kind.name().toLowerCase() + "/v" + (timer.version + 1));
    return TimerDefinition.newBuilder(next).setTarget(target).build();
  }

  private TimerDefinition reschedule(Timer timer) {
    TimerDefinition next = withVersion(timer.definition, timer.version + 1);
    Object schedule;
    if (next.getSchedule() instanceof CronSchedule cron) {
      String other = CRONS[random.nextInt(CRONS.length)];
      schedule = new CronSchedule(other, CronDialect.AUTO, cron.getTimeZone());
    } else {
      EverySchedule every = (EverySchedule) next.getSchedule();
      String period = PERIODS[random.nextInt(PERIODS.length)];
      schedule = new EverySchedule(period, every.getMode(), every.getStartAt());
    }
    return TimerDefinition.newBuilder(next).setSchedule(schedule).build();
  }

  /**
   * The definition at {@code version}: in its label, and in a Kafka target's value, since the
   * record the scheduler writes for it carries no label (the checker reads the version there).
   */
  private TimerDefinition withVersion(TimerDefinition definition, int version) {
    Map<String, String> labels = new TreeMap<>(definition.getLabels());
    labels.put(VERSION_LABEL, Integer.toString(version));
    TimerDefinition.Builder next = TimerDefinition.newBuilder(definition).setLabels(labels);
    if (definition.getTarget() instanceof KafkaTarget kafka) {
      next.setTarget(KafkaTarget.newBuilder(kafka).setValue("v" + version).build());
    }
    return next.build();
  }

  private TimerDefinition cron(String id, int i, String expression) {
    return base(id, i, new CronSchedule(expression, CronDialect.AUTO, ZONES[i % ZONES.length]))
        .setMisfire(MISFIRES[i % MISFIRES.length])
        .build();
  }

  private TimerDefinition every(String id, int i, String period, EveryMode mode, Instant start) {
    Instant first = start.plusMillis((i * 137L) % 1_000);
    return base(id, i, new EverySchedule(period, mode, first))
        .setMisfire(MISFIRES[i % MISFIRES.length])
        .build();
  }

  /** A first version; every fourth timer of a kind delivers a Kafka record, the others call. */
  private TimerDefinition.Builder base(String id, int i, Object schedule) {
    return TimerDefinition.newBuilder()
        .setSchedule(schedule)
        .setTarget(i % 4 == 0 ? kafka(id, 1) : http("/t/v1"))
        .setLabels(Map.of(VERSION_LABEL, "1"));
  }

  private HttpTarget http(String path) {
    return HttpTarget.newBuilder().setUrl(targetUrl + path).setMethod("POST").build();
  }

  private KafkaTarget kafka(String key, int version) {
    return KafkaTarget.newBuilder()
        .setTopic(deliveries)
        .setKey(key)
        .setValue("v" + version)
        .build();
  }

  private void define(Timer timer) {
    timer.version = Integer.parseInt(timer.definition.getLabels().get(VERSION_LABEL));
    definitions++;
    send(topics.timers(), timer.id, timer.definition);
  }

  private void send(String topic, String key, org.apache.avro.specific.SpecificRecord value) {
    byte[] bytes = value == null ? null : AvroJson.toJsonBytes(value);
    producer.send(new ProducerRecord<>(topic, key, bytes));
  }

  /** The number of timers defined, by their first definition. */
  int timers() {
    return recurring.size() + shape.oneShots() + shape.retries() + afters;
  }

  @Override
  public void close() {
    producer.close();
  }
}

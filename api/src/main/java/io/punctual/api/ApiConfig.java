package io.punctual.api;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The API's settings, under the prefix {@value #PREFIX} (kebab-case keys). Tokens are declared
 * apart, one {@link ApiToken} per {@code punctual.api.tokens.<name>}. Every value is checked by
 * {@link #validate(Collection)} at start-up; a bad one stops start-up with a message naming the
 * key.
 */
@ConfigurationProperties(ApiConfig.PREFIX)
public class ApiConfig {
  /** Prefix of every key of this class. */
  public static final String PREFIX = "punctual.api";

  /** Default of {@code auth.enabled}. */
  public static final boolean DEFAULT_AUTH_ENABLED = true;

  /** Default of {@code backfill.max}: the scheduler's bound on the firings of one backfill. */
  public static final int DEFAULT_BACKFILL_MAX = 1000;

  /** Default of {@code page.default-limit}. */
  public static final int DEFAULT_PAGE_DEFAULT_LIMIT = 100;

  /** Default of {@code page.max-limit}. */
  public static final int DEFAULT_PAGE_MAX_LIMIT = 1000;

  /** Default of {@code preview.max-count}. */
  public static final int DEFAULT_PREVIEW_MAX_COUNT = 1000;

  private Auth auth = new Auth();
  private String internalToken;
  private Backfill backfill = new Backfill();
  private Page page = new Page();
  private Preview preview = new Preview();
  private Events events = new Events();
  private Overview overview = new Overview();
  private DeadLetters deadLetters = new DeadLetters();

  /** {@code auth.*}. */
  public Auth getAuth() {
    return auth;
  }

  public void setAuth(Auth auth) {
    this.auth = auth;
  }

  /**
   * {@code internal-token}: the secret the instances present to one another when they forward a
   * query to the instance that owns a timer (the {@code /internal} endpoints refuse any request
   * without it; a caller's own token is never forwarded). Set the same value on every instance of
   * an application. Required while {@code auth.enabled} is true; with access control off (dev mode)
   * a random one is generated at start when absent, which a single instance needs only.
   */
  public String getInternalToken() {
    return internalToken;
  }

  public void setInternalToken(String internalToken) {
    this.internalToken = internalToken;
  }

  /** {@code backfill.*}. */
  public Backfill getBackfill() {
    return backfill;
  }

  public void setBackfill(Backfill backfill) {
    this.backfill = backfill;
  }

  /** {@code page.*}. */
  public Page getPage() {
    return page;
  }

  public void setPage(Page page) {
    this.page = page;
  }

  /** {@code preview.*}. */
  public Preview getPreview() {
    return preview;
  }

  public void setPreview(Preview preview) {
    this.preview = preview;
  }

  /** {@code events.*}. */
  public Events getEvents() {
    return events;
  }

  public void setEvents(Events events) {
    this.events = events;
  }

  /** {@code overview.*}. */
  public Overview getOverview() {
    return overview;
  }

  public void setOverview(Overview overview) {
    this.overview = overview;
  }

  /** {@code dead-letters.*}. */
  public DeadLetters getDeadLetters() {
    return deadLetters;
  }

  public void setDeadLetters(DeadLetters deadLetters) {
    this.deadLetters = deadLetters;
  }

  /**
   * Checks every value against the declared tokens.
   *
   * @throws ApiException naming the first bad key
   */
  public void validate(Collection<ApiToken> tokens) {
    require(backfill.max >= 1, "backfill.max", "must be at least 1, got " + backfill.max);
    require(
        page.defaultLimit >= 1,
        "page.default-limit",
        "must be at least 1, got " + page.defaultLimit);
    require(
        page.maxLimit >= page.defaultLimit,
        "page.max-limit",
        "must be at least page.default-limit (" + page.defaultLimit + "), got " + page.maxLimit);
    require(preview.maxCount >= 1, "preview.max-count", "must be at least 1");
    require(events.maxStreams >= 0, "events.max-streams", "must not be negative");
    require(!overview.countsMaxAge.isNegative(), "overview.counts-max-age", "must not be negative");
    require(overview.countsMaxEntries >= 1, "overview.counts-max-entries", "must be at least 1");
    for (String executor : overview.executors) {
      require(
          executor.startsWith("http://") || executor.startsWith("https://"),
          "overview.executors",
          "'" + executor + "' is not an http(s) address");
    }
    require(deadLetters.maxScan >= 1, "dead-letters.max-scan", "must be at least 1");
    require(
        events.maxStreamsPerCaller >= 1,
        "events.max-streams-per-caller",
        "must be at least 1, got " + events.maxStreamsPerCaller);
    require(
        !events.heartbeat.isNegative() && !events.heartbeat.isZero(),
        "events.heartbeat",
        "must be positive");
    if (!auth.enabled) {
      return;
    }
    require(
        !tokens.isEmpty(),
        "tokens",
        "no token is declared while auth.enabled is true; declare tokens or set "
            + PREFIX
            + ".auth.enabled=false (dev mode only)");
    Set<String> secrets = new HashSet<>();
    for (ApiToken token : tokens) {
      String key = "tokens." + token.getName();
      require(!token.getToken().isBlank(), key + ".token", "must not be empty");
      require(secrets.add(token.getToken()), key + ".token", "is the same as another token's");
      require(
          token.isAdmin() || !token.getNamespaces().isEmpty(),
          key + ".namespaces",
          "must name at least one namespace unless admin is true");
    }
    require(
        internalToken != null && !internalToken.isBlank(),
        "internal-token",
        "is required while auth.enabled is true: set the same secret on every instance, so they"
            + " can forward queries to one another");
    require(!secrets.contains(internalToken), "internal-token", "is the same as a token's");
  }

  private static void require(boolean ok, String key, String problem) {
    if (!ok) {
      throw new ApiException("invalid configuration " + PREFIX + "." + key + ": " + problem);
    }
  }

  /** {@code punctual.api.auth.*}: access control. */
  @ConfigurationProperties("auth")
  public static class Auth {
    private boolean enabled = DEFAULT_AUTH_ENABLED;

    /**
     * {@code auth.enabled}: whether every API call needs a bearer token. Default true; false only
     * for dev mode.
     */
    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }

  /** {@code punctual.api.backfill.*}. */
  @ConfigurationProperties("backfill")
  public static class Backfill {
    private int max = DEFAULT_BACKFILL_MAX;

    /**
     * {@code backfill.max}: most instants one backfill may fire; a larger range is refused with
     * 400. Default {@value #DEFAULT_BACKFILL_MAX}; keep it equal to the scheduler's bound.
     */
    public int getMax() {
      return max;
    }

    public void setMax(int max) {
      this.max = max;
    }
  }

  /** {@code punctual.api.page.*}: listing. */
  @ConfigurationProperties("page")
  public static class Page {
    private int defaultLimit = DEFAULT_PAGE_DEFAULT_LIMIT;
    private int maxLimit = DEFAULT_PAGE_MAX_LIMIT;

    /**
     * {@code page.default-limit}: page size when {@code limit} is absent. Default {@value
     * #DEFAULT_PAGE_DEFAULT_LIMIT}.
     */
    public int getDefaultLimit() {
      return defaultLimit;
    }

    public void setDefaultLimit(int defaultLimit) {
      this.defaultLimit = defaultLimit;
    }

    /**
     * {@code page.max-limit}: largest {@code limit} accepted by listings, upcoming and invocations.
     * Default {@value #DEFAULT_PAGE_MAX_LIMIT}.
     */
    public int getMaxLimit() {
      return maxLimit;
    }

    public void setMaxLimit(int maxLimit) {
      this.maxLimit = maxLimit;
    }
  }

  /** {@code punctual.api.preview.*}: schedule preview. */
  @ConfigurationProperties("preview")
  public static class Preview {
    private int maxCount = DEFAULT_PREVIEW_MAX_COUNT;

    /**
     * {@code preview.max-count}: most instants one preview returns. Default {@value
     * #DEFAULT_PREVIEW_MAX_COUNT}.
     */
    public int getMaxCount() {
      return maxCount;
    }

    public void setMaxCount(int maxCount) {
      this.maxCount = maxCount;
    }
  }

  /** {@code punctual.api.events.*}: the live status events of {@code GET /events}. */
  @ConfigurationProperties("events")
  public static class Events {
    private int maxStreams = 32;
    private int maxStreamsPerCaller = 4;
    private Duration heartbeat = Duration.ofSeconds(5);

    /**
     * {@code events.max-streams}: most event streams open at once on this instance, each with a
     * Kafka consumer of its own (0 turns {@code GET /events} off). Default 32.
     */
    public int getMaxStreams() {
      return maxStreams;
    }

    public void setMaxStreams(int maxStreams) {
      this.maxStreams = maxStreams;
    }

    /**
     * {@code events.max-streams-per-caller}: most open at once per token; a token's stream past it
     * takes the place of its oldest, which ends. Default 4.
     */
    public int getMaxStreamsPerCaller() {
      return maxStreamsPerCaller;
    }

    public void setMaxStreamsPerCaller(int maxStreamsPerCaller) {
      this.maxStreamsPerCaller = maxStreamsPerCaller;
    }

    /**
     * {@code events.heartbeat}: how often a quiet stream sends a {@code heartbeat} event, which
     * also tells a closed connection apart (its stream and consumer are then released), as does a
     * client that takes nothing for two of them. Default 5 s.
     */
    public Duration getHeartbeat() {
      return heartbeat;
    }

    public void setHeartbeat(Duration heartbeat) {
      this.heartbeat = heartbeat;
    }
  }

  /** {@code punctual.api.overview.*}: what {@code GET /overview} reads. */
  @ConfigurationProperties("overview")
  public static class Overview {
    private Duration countsMaxAge = Duration.ofSeconds(30);
    private long countsMaxEntries = 1_000_000;
    private List<String> executors = new ArrayList<>();

    /**
     * {@code overview.executors}: base addresses of the executors whose meters (actions running and
     * held, attempts by outcome) the overview shows to admin tokens, e.g. {@code
     * http://executor-1:8090}; each is read from its {@code /prometheus} when it answers within a
     * second. Default none.
     */
    public List<String> getExecutors() {
      return executors;
    }

    public void setExecutors(List<String> executors) {
      this.executors = executors == null ? new ArrayList<>() : executors;
    }

    /**
     * {@code overview.counts-max-age}: how long this instance reuses its count of timers per
     * namespace, which reads every entry of its timer stores. Default 30 s.
     */
    public Duration getCountsMaxAge() {
      return countsMaxAge;
    }

    public void setCountsMaxAge(Duration countsMaxAge) {
      this.countsMaxAge = countsMaxAge;
    }

    /**
     * {@code overview.counts-max-entries}: most store entries one count reads; past it the counts
     * are shown as partial. Default 1,000,000.
     */
    public long getCountsMaxEntries() {
      return countsMaxEntries;
    }

    public void setCountsMaxEntries(long countsMaxEntries) {
      this.countsMaxEntries = countsMaxEntries;
    }
  }

  /** {@code punctual.api.dead-letters.*}: what {@code GET /dead-letters} reads. */
  @ConfigurationProperties("dead-letters")
  public static class DeadLetters {
    private int maxScan = 10_000;

    /**
     * {@code dead-letters.max-scan}: most records one request reads back from each partition of the
     * dead-letter topic to find a page the caller may see. Default 10,000.
     */
    public int getMaxScan() {
      return maxScan;
    }

    public void setMaxScan(int maxScan) {
      this.maxScan = maxScan;
    }
  }
}

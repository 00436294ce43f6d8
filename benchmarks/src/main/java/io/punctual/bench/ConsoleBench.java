package io.punctual.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.punctual.testkit.JavaProcess;
import io.punctual.testkit.PunctualProcesses;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Scenario 10: the web console (issue 21) with N timers (default 10,000) in ten namespaces, and
 * dead letters: each page loaded afresh in Debian's headless chromium (1280×800) against a
 * scheduler process, from navigation to its content drawn (the rows of a page, the overview's
 * charts, the preview's ten instants, the live stream open). Each page is loaded once to warm up,
 * then {@code --loads} times; p50 and max are reported. The live page's loads follow one another as
 * reloads do: past the token's four streams, each opens in place of its oldest.
 */
@Command(
    name = "console",
    mixinStandardHelpOptions = true,
    description = "Scenario 10: console page loads with 10,000 timers, in headless chromium.")
final class ConsoleBench implements Callable<Integer> {
  @Mixin RunOptions options;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final File CHROMIUM = new File("/usr/bin/chromium");
  private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Option(names = "--timers", description = "Timers defined (default 10000).")
  int timers = 10_000;

  @Option(names = "--loads", description = "Measured loads of each page (default 5).")
  int loads = 5;

  @Option(names = "--dead-letters", description = "Rejected definitions (default 500).")
  int deadLetters = 500;

  /** A page of the console and when it is drawn. */
  private record Page(String name, String path, Function<WebDriver, Boolean> drawn) {}

  @Override
  public Integer call() throws Exception {
    if (!CHROMIUM.canExecute() || !CHROMEDRIVER.canExecute()) {
      throw new IllegalStateException(
          "the console scenario needs Debian's chromium and chromium-driver");
    }
    Path dir = options.workDirectory();
    String prefix = "console";
    Figures figures =
        new Figures(
            "benchmarks/run console --timers "
                + timers
                + " --loads "
                + loads
                + " --dead-letters "
                + deadLetters
                + " --partitions "
                + options.partitions);
    try (JavaProcess broker = BrokerMain.start(dir)) {
      String bootstrap = BrokerMain.bootstrapOf(broker);
      try (JavaProcess scheduler =
          PunctualProcesses.scheduler(
              "scheduler",
              dir,
              options.heap,
              false,
              bootstrap,
              options.tuned(
                  new PunctualProcesses.Scheduler(
                      prefix, options.partitions, 1, dir.resolve("state"))))) {
        String api = PunctualProcesses.schedulerApi(scheduler);
        List<String> ids = define(bootstrap, prefix);
        awaitCounted(api);
        String someId = ids.get(ids.size() / 2);
        String middle = ids.stream().sorted().toList().get(ids.size() / 2);
        List<Page> pages =
            List.of(
                new Page("overview", "#/overview", rows("#chart-firings rect.bar", 60)),
                new Page("timers", "#/timers", rows("#timers tr[data-id]", 25)),
                new Page(
                    "timers.after", "#/timers?after=" + middle, rows("#timers tr[data-id]", 25)),
                new Page(
                    "timers.namespace", "#/timers?namespace=ns-7", rows("#timers tr[data-id]", 25)),
                new Page(
                    "timers.prefix", "#/timers?prefix=timer-a", rows("#timers tr[data-id]", 25)),
                new Page("timer", "#/timer/" + someId, rows("#next li", 10)),
                new Page("upcoming", "#/upcoming", rows("#upcoming tr[data-timer]", 100)),
                new Page("dead-letters", "#/dead-letters", rows("#dead-letters tr[data-key]", 100)),
                new Page("create", "#/create", rows("#preview li", 10)),
                new Page(
                    "live",
                    "#/live",
                    d -> "live".equals(d.findElement(By.id("live-state")).getText())));
        ChromeDriver browser = browser();
        try {
          browser.get(api + "/ui/index.html");
          browser.findElement(By.id("token")).sendKeys("bench");
          browser.findElement(By.id("login-button")).click();
          new WebDriverWait(browser, WAIT).until(rows("#chart-firings rect.bar", 60)::apply);
          for (Page page : pages) {
            List<Double> millis = new ArrayList<>();
            for (int load = 0; load <= loads; load++) {
              double took = load(browser, api, page);
              if (load > 0) {
                millis.add(took);
              }
            }
            Collections.sort(millis);
            double p50 = millis.get(millis.size() / 2);
            double max = millis.get(millis.size() - 1);
            figures.add("console.page." + page.name() + ".load.p50", p50, "ms", "< 1000");
            figures.add("console.page." + page.name() + ".load.max", max, "ms", "< 1000");
          }
        } finally {
          browser.quit();
        }
        figures.add("console.timers", timers, "timers", null);
        figures.add("console.assets.bytes", assetBytes(api), "bytes", null);
      }
    }
    figures.writeTo(options.out);
    return 0;
  }

  /** Loads {@code page} afresh (a new document) and answers the milliseconds until drawn. */
  private static double load(ChromeDriver browser, String api, Page page) {
    browser.get("about:blank");
    long start = System.nanoTime();
    browser.get(api + "/ui/index.html" + page.path());
    new WebDriverWait(browser, WAIT, Duration.ofMillis(5))
        .ignoring(org.openqa.selenium.NoSuchElementException.class)
        .until(page.drawn()::apply);
    return (System.nanoTime() - start) / 1e6;
  }

  private static Function<WebDriver, Boolean> rows(String css, int count) {
    return d -> d.findElements(By.cssSelector(css)).size() >= count;
  }

  /**
   * Defines the timers (ids random, so namespaces interleave in id order as they do with UUIDs):
   * nine in ten daily crons in Paris, one in ten every one to ten minutes; and the rejected
   * definitions. Answers the ids.
   */
  private List<String> define(String bootstrap, String prefix) throws Exception {
    Random random = new Random(21);
    HexFormat hex = HexFormat.of();
    List<String> ids = new ArrayList<>();
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", bootstrap, "linger.ms", 20),
            new StringSerializer(),
            new StringSerializer())) {
      for (int i = 0; i < timers; i++) {
        byte[] bytes = new byte[6];
        random.nextBytes(bytes);
        String id = "timer-" + hex.formatHex(bytes);
        ids.add(id);
        String schedule =
            i % 10 == 0
                ? "{\"every\": \"PT" + (1 + random.nextInt(10)) + "M\"}"
                : "{\"cron\": \""
                    + random.nextInt(60)
                    + " "
                    + random.nextInt(24)
                    + " * * *\", \"timeZone\": \"Europe/Paris\"}";
        String definition =
            "{\"namespace\": \"ns-"
                + (i % 10)
                + "\", \"schedule\": "
                + schedule
                + ", \"target\": {\"http\": {\"url\": \"http://target.test/t/"
                + id
                + "\"}}, \"labels\": {\"team\": \"team-"
                + (i % 7)
                + "\"}}";
        producer.send(new ProducerRecord<>(prefix + ".timers", id, definition));
      }
      for (int i = 0; i < deadLetters; i++) {
        producer.send(
            new ProducerRecord<>(
                prefix + ".timers",
                "rejected-" + i,
                "{\"namespace\": \"ns-"
                    + (i % 10)
                    + "\", \"schedule\": {\"cron\": \"61 * * * *\"},"
                    + " \"target\": {\"http\": {\"url\": \"http://target.test/x\"}}}"));
      }
      producer.flush();
    }
    return ids;
  }

  /** Waits until the overview counts every timer. */
  private void awaitCounted(String api) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> answer =
          client.send(
              HttpRequest.newBuilder(URI.create(api + "/overview"))
                  .header("Authorization", "Bearer bench")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      long counted = 0;
      if (answer.statusCode() == 200) {
        for (JsonNode namespace : JSON.readTree(answer.body()).path("namespaces")) {
          counted += namespace.path("pending").asLong() + namespace.path("paused").asLong();
        }
      }
      if (counted >= timers) {
        System.out.println("all " + counted + " timers counted");
        return;
      }
      Thread.sleep(2_000);
    }
    throw new IllegalStateException("the timers were not all stored within 5 minutes");
  }

  /** The bytes of the console's page, scripts and style sheet, as served. */
  private static long assetBytes(String api) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    long bytes = 0;
    for (String file :
        List.of(
            "index.html",
            "console.css",
            "app.js",
            "api.js",
            "dom.js",
            "pages.js",
            "create.js",
            "schedule-words.js",
            "time.js",
            "chart.js",
            "overview.js",
            "live.js",
            "deadletters.js",
            "upcoming.js")) {
      HttpResponse<byte[]> answer =
          client.send(
              HttpRequest.newBuilder(URI.create(api + "/ui/" + file)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (answer.statusCode() != 200) {
        throw new IllegalStateException("/ui/" + file + " answered " + answer.statusCode());
      }
      bytes += answer.body().length;
    }
    return bytes;
  }

  private static ChromeDriver browser() throws Exception {
    ChromeOptions chrome = new ChromeOptions();
    chrome.setBinary(CHROMIUM);
    chrome.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,800",
        "--user-data-dir=" + Files.createTempDirectory("chromium"));
    ChromeDriver browser =
        new ChromeDriver(
            new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort()
                .build(),
            chrome);
    browser.manage().window().setSize(new Dimension(1280, 800));
    return browser;
  }
}
